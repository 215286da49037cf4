import { studySettings } from './composition';
import { workerConfigFromEnv } from './config';

describe('NEWSWINDOW_STUDY_MODEL', () => {
  it('defaults to the market model; a factor model fits simple returns', () => {
    expect(workerConfigFromEnv({}).studyModel).toBe('market');
    expect(workerConfigFromEnv({ NEWSWINDOW_STUDY_MODEL: 'ff5' }).studyModel).toBe('ff5');
    expect(studySettings('ff5').design).toMatchObject({
      model: { kind: 'factor', factors: 'ff5' },
      returnKind: 'simple',
    });
    expect(studySettings().design.model).toEqual({ kind: 'market' });
  });

  it('refuses an unknown model with the variable named', () => {
    expect(() => workerConfigFromEnv({ NEWSWINDOW_STUDY_MODEL: 'ff4' })).toThrow(
      "NEWSWINDOW_STUDY_MODEL: expected one of market, ff3, carhart, ff5, got 'ff4'",
    );
  });
});
