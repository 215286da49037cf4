import { DeploymentNameError, Topics, deploymentNames, dlqTopicFor } from './topics';

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
});
