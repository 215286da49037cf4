import { skipped, study } from './__tests__/fixtures';
import { renderStudyTable, shortTags, sortStudies, studyColumns, studyDataRows } from './show';
import { toCsv, toJson } from './format';

const lines = (s: string) => s.split('\n');

describe('study show: default table', () => {
  const out = renderStudyTable([study(), skipped()]);
  const [header, rule, first, second] = lines(out);

  it('has the terminal columns, in order, and leaves CAR[0,0] (= AR d0) to --wide', () => {
    expect(header!.split(/\s{2,}/)).toEqual([
      'day0',
      'listing',
      'market',
      'tags',
      'status',
      'raw d0',
      'AR d0 (t, p)',
      'CAR[-1,+1] (p)',
      'CAR[0,+5] (p)',
      'β',
      'L',
    ]);
    expect(header).not.toContain('CAR[0,0]');
    expect(rule).toMatch(/^-+( +-+)+$/);
  });

  it('sorts by day 0 and prints a skipped study with its reason after the status', () => {
    expect(first).toMatch(
      /^2025-09-01 +ZZZ\.HK +\^HSI +earnings +skipped +no prices for ZZZ\.HK in the estimation window$/,
    );
    expect(second!.startsWith('2025-09-08  9988.HK')).toBe(true);
  });

  it('shows raw +4.17 %, the AR with t and p, the CARs with p and stars, β and L', () => {
    expect(second).toContain('+4.17 %');
    expect(second).toContain('+2.91 % (1.87, 0.063)*');
    expect(second).toContain('+4.04 % (0.135)');
    expect(second).toContain('+10.47 % (0.006)***');
    expect(second).toMatch(/1\.453 +240$/);
  });

  it('aligns every column: each header starts where its cells start', () => {
    const at = header!.indexOf('AR d0 (t, p)');
    expect(second!.indexOf('+2.91 %')).toBe(at);
    expect(header!.indexOf('raw d0') + 'raw d0'.length).toBe(second!.indexOf('+4.17 %') + '+4.17 %'.length);
  });

  it('fits a terminal for the demo rows and ends with a count and a legend', () => {
    expect(
      Math.max(
        ...lines(out)
          .filter((l) => !l.startsWith('β') && !l.startsWith('raw'))
          .map((l) => l.length),
      ),
    ).toBeLessThan(140);
    expect(out).toContain('2 studies (1 computed, 1 skipped), by day 0');
    expect(out).toContain('*** p ≤ 0.01');
  });

  it('says when --limit cut the list', () => {
    expect(renderStudyTable([study()], { truncatedAt: 1 })).toContain('the first 1 only (raise --limit for more)');
  });

  it('names a study read on a bar corrected since (recompute pending), and the corrected revision a study used', () => {
    const stale = study({
      staleBars: [
        { symbol: '^HSI', sessionDate: '2025-09-05', usedRevision: 1, currentRevision: 2, reason: 'restated close' },
      ],
    });
    const current = study({
      studyId: 's-current',
      day0: '2025-09-09',
      bars: {
        from: '2024-08-30',
        to: '2025-09-12',
        corrected: [{ symbol: '^HSI', sessionDate: '2025-09-05', revision: 2 }],
      },
    });
    const out = renderStudyTable([stale, current]);
    expect(out).toContain('stale: 9988.HK 2025-09-08 read ^HSI@2025-09-05 r1→r2 (restated close); recompute pending\n');
    expect(out.match(/^stale:/gm)).toHaveLength(1);
    const rows = studyDataRows([stale, current]);
    expect(rows.map((r) => [r['stale_bars'], r['corrected_bars']])).toEqual([
      ['^HSI@2025-09-05 r1→r2', null],
      [null, '^HSI@2025-09-05 r2'],
    ]);
  });

  it('aligns t and p inside the AR cell across rows', () => {
    const other = study({
      studyId: 's2',
      day0: '2025-09-09',
      days: [{ ...study().days[0]!, abnormalReturn: -0.1234, t: -12.3, p: 0.00001 }],
    });
    const rows = lines(renderStudyTable([study(), other])).slice(2, 4);
    expect(rows[0]).toContain('+2.91 % (  1.87,  0.063)*');
    expect(rows[1]).toContain('-12.34 % (-12.30, <0.001)***');
  });
});

describe('study show --wide', () => {
  it('prints every CSV column, CAR[0,0] and BHARs included, p to 4 decimals', () => {
    const out = renderStudyTable([study(), skipped()], { wide: true });
    const header = lines(out)[0]!.split(/\s+/);
    expect(header).toEqual(studyColumns([study()]).map((c) => c.key));
    expect(out).toContain('car[0,0]_p');
    expect(out).toContain('0.0628');
    expect(out).toContain('no prices for ZZZ.HK in the estimation window');
  });
});

describe('study show: machine rows', () => {
  it('keep numbers as fractions with stable names, null where a value does not exist', () => {
    const [skip, row] = studyDataRows([study(), skipped()]);
    expect(row!.raw_return_d0).toBeCloseTo(0.0417, 10);
    expect(row).toMatchObject({
      day0: '2025-09-08',
      listing: '9988.HK',
      market: '^HSI',
      status: 'computed',
      ar_d0: 0.0291,
      ar_d0_t: 1.87,
      ar_d0_p: 0.0633,
      'car[-1,+1]': 0.0404,
      'car[-1,+1]_p': 0.1348,
      'car[0,+5]_t': 2.75,
      beta: 1.4532,
      est_n: 240,
      'bhar[0,+5]': 0.11,
    });
    expect(skip).toMatchObject({ status: 'skipped', reason: 'no prices for ZZZ.HK in the estimation window' });
    expect(skip!.ar_d0).toBeNull();
  });

  it('CSV: the same header whatever the first row, empty cells for a skipped study', () => {
    const studies = [skipped(), study()];
    const columns = studyColumns(studies).map((c) => c.key);
    const csv = lines(toCsv(columns, studyDataRows(studies)));
    expect(
      csv[0]!.startsWith(
        'day0,listing,market,tags,event,status,reason,raw_return_d0,ar_d0,ar_d0_t,ar_d0_p,"car[-1,+1]",',
      ),
    ).toBe(true);
    // Names with a comma are quoted; every line has one cell per column.
    const cells = (line: string) => line.replace(/"[^"]*"/g, 'q').split(',').length;
    expect(csv[0]).toContain(',"car[-1,+1]","car[-1,+1]_t",');
    expect(cells(csv[0]!)).toBe(columns.length);
    expect(cells(csv[1]!)).toBe(columns.length);
    expect(csv[1]).toContain(',skipped,no prices for ZZZ.HK in the estimation window,,,');
    // An empty result still has a header.
    expect(
      toCsv(
        studyColumns([]).map((c) => c.key),
        [],
      ),
    ).toMatch(/^day0,listing,.*computed_at,corrected_bars,stale_bars\n$/);
  });

  it('a factor-model study: every slope by factor name (null where the model lacks it), its model in the default table', () => {
    const ff3 = study({
      studyId: 's-ff3',
      parameters: { ...study().parameters, model: 'ff3', returnType: 'simple' },
      beta: 1.21,
      betaMktRf: 1.21,
      betaSmb: 0.45,
      betaHml: -0.35,
    });
    const [row] = studyDataRows([ff3]);
    expect(row).toMatchObject({ model: 'ff3', beta_mkt_rf: 1.21, beta_smb: 0.45, beta_hml: -0.35, beta_mom: null });
    expect(row!.beta_cma).toBeNull();
    const columns = studyColumns([ff3]).map((c) => c.key);
    expect(columns.slice(columns.indexOf('sigma') + 1, columns.indexOf('sigma') + 7)).toEqual([
      'beta_mkt_rf',
      'beta_smb',
      'beta_hml',
      'beta_mom',
      'beta_rmw',
      'beta_cma',
    ]);
    const [header, , marketRow, ff3Row] = lines(renderStudyTable([study(), ff3]));
    expect(header!.split(/\s{2,}/).slice(0, 4)).toEqual(['day0', 'listing', 'market', 'model']);
    expect(marketRow).toContain('market_model');
    expect(ff3Row).toContain(' ff3 ');
    expect(renderStudyTable([ff3], { wide: true })).toContain('beta_smb');
  });

  it('JSON: every key on every row', () => {
    const studies = [skipped(), study()];
    const columns = studyColumns(studies).map((c) => c.key);
    const parsed = JSON.parse(toJson(columns, studyDataRows(studies))) as Record<string, unknown>[];
    expect(parsed.map((r) => Object.keys(r))).toEqual([columns, columns]);
    expect(parsed[0]!['car[0,+5]']).toBeNull();
  });
});

describe('helpers', () => {
  it('shortTags keeps what fits and counts the rest', () => {
    expect(shortTags(['ai_model_launch'])).toBe('ai_model_launch');
    expect(shortTags(['funding_round', 'ai_model_launch', 'analyst_rating', 'guidance'])).toBe('funding_round +3');
    expect(shortTags(['a', 'b', 'c', 'very_long_tag_name_here'], 12)).toBe('a b c +1');
  });

  it('sortStudies: by day 0 (missing last), then listing', () => {
    const order = sortStudies([
      study({ studyId: '3', day0: null }),
      study({ studyId: '2', listing: { symbol: 'BABA', exchange: 'XNYS' } }),
      study({ studyId: '1', day0: '2025-01-01' }),
      study({ studyId: '0' }),
    ]).map((s) => s.studyId);
    expect(order).toEqual(['1', '0', '2', '3']);
  });
});
