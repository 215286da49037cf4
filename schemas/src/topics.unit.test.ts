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
  it("derives a deployment's alert topic and Redis prefix from its name", () => {
    expect(deploymentNames('demo_20261203_1')).toEqual({
      deployment: 'demo_20261203_1',
      alertsTopic: 'demo_20261203_1.alerts.event-window',
      redisPrefix: 'demo_20261203_1',
    });
  });
  it.each(['', 'a.b', 'desk:1', 'x y', 'a'.repeat(101)])('refuses the deployment name %j', (name) => {
    expect(() => deploymentNames(name)).toThrow(DeploymentNameError);
  });
});
