import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode } from '@temporalio/worker';

/** The entry point of the workflow bundle (resolved through the package's `./bundle` export). */
export const workflowsPath = (): string => require.resolve('@newswindow/workflows/bundle');

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};

/**
 * Bundles the workflows once. Workspace packages resolve to their TypeScript sources through the `newswindow-source`
 * export condition, which webpack must be told about.
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    logger: quiet,
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, conditionNames: ['newswindow-source', '...'] },
    }),
  });
}
