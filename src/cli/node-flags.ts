/**
 * The Node flags the `kefu` command runs with (main.ts relaunches itself with them; the engine
 * bench runs both of its passes with them, so that it measures what the command does).
 *
 * `--v8-pool-size=0`: Node sizes V8's background thread pool from the cores instead of starting
 * four threads whatever the machine. On 2 cores the optimising compiler's four threads starved the
 * main thread while it warmed up: a one-off inspection of the 6,069 real dialogues took ~30% longer
 * (and ~30% more CPU) than with one background thread.
 */
export const NODE_FLAGS: readonly string[] = ['--v8-pool-size=0'];
