/**
 * Where an admin command writes its lines. Injected so tests read the output without touching
 * the process's streams.
 */
export interface CommandIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export function resolveIo(io: CommandIo): { out: (line: string) => void; err: (line: string) => void } {
  return {
    out: io.out ?? ((line) => process.stdout.write(line + '\n')),
    err: io.err ?? ((line) => process.stderr.write(line + '\n')),
  };
}
