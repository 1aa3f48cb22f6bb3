/**
 * @module cli/progress
 * A progress bar on standard error (so standard output stays clean for data), with occasional plain
 * lines when standard error is not a terminal.
 */
import cliProgress from 'cli-progress'

export function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label.padEnd(16)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0)
        started = true
      }
      bar.setTotal(total)
      bar.update(done)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
