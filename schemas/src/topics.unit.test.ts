import { DeploymentNameError, Topics, deploymentFromEnv, deploymentNames, dlqTopicFor } from './topics';

describe('topics', () => {
  it('names the dead-letter topic after its source topic', () => {
    expect(dlqTopicFor(Topics.newsRaw)).toBe('news.raw.dlq');
    expect(dlqTopicFor(Topics.marketBars)).toBe('market.bars.dlq');
  });
  it('keeps topic names unique', () => {
    const names = Object.values(Topics);
    expect(new Set(names).size).toBe(names.length);
  });
  it('derives everything a deployment owns from its name', () => {
    expect(deploymentNames('demo_20261203_1')).toEqual({
      deployment: 'demo_20261203_1',
      alertsTopic: 'demo_20261203_1.alerts.event-window',
      redisPrefix: 'demo_20261203_1',
      taskQueue: 'demo_20261203_1.studies',
      workflowIdPrefix: 'demo_20261203_1:',
      triggerSubscription: 'demo_20261203_1.workflow-triggers',
      ingestGroup: 'demo_20261203_1.ingest',
    });
  });
  it('keeps the names of installations from before deployments for the default one', () => {
    expect(deploymentNames('local')).toMatchObject({
      taskQueue: 'newswindow-studies',
      workflowIdPrefix: '',
      triggerSubscription: 'workflow-triggers',
      ingestGroup: 'newswindow-ingest',
    });
  });
  it.each(['', 'a.b', 'desk:1', 'x y', 'a'.repeat(101)])('refuses the deployment name %j', (name) => {
    expect(() => deploymentNames(name)).toThrow(DeploymentNameError);
  });
  it("reads NEWSWINDOW_DEPLOYMENT (unset or empty: local) and turns a bad name into the caller's error", () => {
    const toError = (variable: string, message: string) => new RangeError(`${variable}: ${message}`);
    expect(deploymentFromEnv({}, toError).taskQueue).toBe('newswindow-studies');
    expect(deploymentFromEnv({ NEWSWINDOW_DEPLOYMENT: '' }, toError).workflowIdPrefix).toBe('');
    expect(deploymentFromEnv({ NEWSWINDOW_DEPLOYMENT: 'desk1' }, toError).alertsTopic).toBe(
      'desk1.alerts.event-window',
    );
    expect(() => deploymentFromEnv({ NEWSWINDOW_DEPLOYMENT: 'a b' }, toError)).toThrow(
      new RangeError(
        "NEWSWINDOW_DEPLOYMENT: deployment name 'a b' must be 1–100 characters of A-Z a-z 0-9 _ - (it names the alert topic and the Redis prefix)",
      ),
    );
  });
});
