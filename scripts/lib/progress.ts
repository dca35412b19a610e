import cliProgress from 'cli-progress';

/** A progress bar on a terminal; on anything else, a line every few seconds. */
export const progressBar = (label: string, total: number) => {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total, 0, { rate: 0 });
  return {
    update(value: number, newTotal?: number) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value, { rate: Math.round(value / ((performance.now() - started) / 1000)) });
    },
    stop() {
      bar.stop();
    },
  };
};
