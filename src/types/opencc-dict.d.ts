// opencc-js ships its dictionaries as ES modules of one string each ("from to|from to|…").
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
