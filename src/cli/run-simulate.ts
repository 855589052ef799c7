import { loadScenarioFile } from '../sim/load-scenario.js';
import { runScenario } from '../sim/runner.js';
import { renderTimeline } from '../sim/timeline.js';
import { issueToJson, renderIssueLine } from './render.js';

export interface SimulateOptions {
  readonly file: string;
  readonly seed?: number;
  readonly output: 'json' | 'table';
}

const DEFAULT_SEED = 1;

/** Runs a scenario in virtual time; returns the exit code (1 on scenario errors, each with file:line:column). */
export async function runSimulate(
  options: SimulateOptions,
  write: (text: string) => void,
  writeError: (text: string) => void,
): Promise<number> {
  const loaded = await loadScenarioFile(options.file);
  if (!loaded.ok) return reportIssues(loaded.error, options.output, write, writeError);
  const { scenario, baseDir } = loaded.value;
  const seed = options.seed ?? scenario.seed ?? DEFAULT_SEED;
  const result = await runScenario(scenario, { baseDir, seed, location: loaded.value });
  if (!result.ok) return reportIssues(result.error, options.output, write, writeError);
  if (options.output === 'json') write(`${JSON.stringify(result.value, null, 2)}\n`);
  else write(renderTimeline(result.value, { actionTimes: scenario.actions.map((a) => a.atMs / 1000) }));
  return 0;
}

function reportIssues(
  issues: Parameters<typeof issueToJson>[0][],
  output: SimulateOptions['output'],
  write: (text: string) => void,
  writeError: (text: string) => void,
): number {
  if (output === 'json') write(`${JSON.stringify({ issues: issues.map(issueToJson) }, null, 2)}\n`);
  else for (const issue of issues) writeError(`${renderIssueLine(issue)}\n`);
  return 1;
}
