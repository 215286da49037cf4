// newswindow web app: plain ES modules, no build step. Charts by uPlot (served from the npm package).
import uPlot from '/vendor/uplot/uPlot.esm.js';

const view = document.getElementById('view');

// ---- helpers (DOM built with text nodes only: story text and ids never become HTML)

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const pct = (x, digits = 2) =>
  x === null || x === undefined ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)} %`;
const num = (x, digits = 2) => (x === null || x === undefined ? '–' : x.toFixed(digits));

// A factor-model study's slopes (ff3, carhart, ff5), the factors its model has; nothing for other models.
const FACTOR_BETAS = [
  ['betaMktRf', 'Mkt−RF'],
  ['betaSmb', 'SMB'],
  ['betaHml', 'HML'],
  ['betaMom', 'Mom'],
  ['betaRmw', 'RMW'],
  ['betaCma', 'CMA'],
];
const factorBetaFigure = (s) => {
  const present = FACTOR_BETAS.filter(([key]) => s[key] !== null && s[key] !== undefined);
  if (present.length === 0) return null;
  return h(
    'div',
    { class: 'figure' },
    h('div', { class: 'label' }, `β (${s.model}: ${present.map(([, name]) => name).join(', ')})`),
    h('div', { class: 'value', id: 'factor-betas' }, present.map(([key]) => num(s[key], 3)).join(' / ')),
  );
};
const pval = (p) => (p === null || p === undefined ? '–' : p < 0.0001 ? p.toExponential(1) : p.toFixed(4));
const stars = (p) => (p === null || p === undefined ? '' : p <= 0.01 ? '***' : p <= 0.05 ? '**' : p <= 0.1 ? '*' : '');
const signClass = (x) => (x === null || x === undefined ? '' : x >= 0 ? 'up' : 'down');
const studyHref = (id) => `#/study/${encodeURIComponent(id)}`;
const tagHref = (tag) => `#/tag/${encodeURIComponent(tag)}`;

async function api(path, options = {}) {
  const res = await fetch(path, options);
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok)
    throw new Error(typeof body === 'object' && body.detail ? body.detail : `${res.status} ${res.statusText}`);
  return body;
}

/** `view.replaceChildren` without the null/false placeholders of optional parts. */
function render(...children) {
  view.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function showError(err) {
  render(h('p', { class: 'error', role: 'alert' }, String(err.message ?? err)));
}

let cleanup = [];
function onLeave(fn) {
  cleanup.push(fn);
}

// ---- router

async function route() {
  for (const fn of cleanup.splice(0)) fn();
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  try {
    if (parts.length === 0 || parts[0] === 'studies') await studiesPage(params);
    else if (parts[0] === 'study') await studyPage(decodeURIComponent(parts.slice(1).join('/')));
    else if (parts[0] === 'tags') await tagsPage();
    else if (parts[0] === 'tag') await tagPage(decodeURIComponent(parts[1] ?? ''), params);
    else if (parts[0] === 'backfills') await backfillsPage(params);
    else render(h('p', {}, 'No such page.'));
  } catch (err) {
    showError(err);
  }
}
window.addEventListener('hashchange', route);

// ---- studies table

const FILTERS = [
  ['listing', 'Listing', 'text', '9988.HK'],
  ['issuer', 'Issuer', 'text', 'alibaba'],
  ['tag', 'Tag', 'text', 'ai_model_launch'],
  ['day0From', 'Day 0 from', 'date'],
  ['day0To', 'Day 0 to', 'date'],
  ['benchmark', 'Benchmark', 'text', '^HSI'],
  ['model', 'Model', 'text', 'market_model'],
  ['pBelow', 'Significant at p <', 'number', '0.05'],
];

async function studiesPage(params) {
  const form = h(
    'form',
    { class: 'filters', id: 'study-filters' },
    FILTERS.map(([name, label, type, placeholder]) =>
      h(
        'label',
        {},
        label,
        h('input', {
          name,
          type,
          placeholder,
          value: params.get(name) ?? '',
          step: type === 'number' ? 'any' : undefined,
        }),
      ),
    ),
    selectField(
      'Status',
      'status',
      ['', 'computed', 'open', 'skipped'].map((v) => [v, v || 'any']),
      params.get('status') ?? '',
    ),
    selectField(
      'Sort',
      'sort',
      [
        ['-day0', 'day 0, newest'],
        ['day0', 'day 0, oldest'],
        ['symbol', 'listing'],
        ['-day0Ar', 'AR, largest'],
        ['day0Ar', 'AR, smallest'],
        ['minP', 'most significant'],
      ],
      params.get('sort') ?? '-day0',
    ),
    h('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim() !== '') q.set(k, String(v).trim());
    location.hash = `#/studies?${q}`;
  });
  const filterQuery = new URLSearchParams();
  for (const [k, v] of params) if (k !== 'cursor') filterQuery.set(k, v);
  const downloads = h(
    'p',
    { class: 'downloads' },
    'Download: ',
    h('a', { href: `/api/studies/export?${filterQuery}&format=csv`, download: true, id: 'download-csv' }, 'CSV'),
    h('a', { href: `/api/studies/export?${filterQuery}&format=json`, download: true, id: 'download-json' }, 'JSON'),
  );
  const tbody = h('tbody');
  const table = h(
    'table',
    { id: 'studies-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Day 0', 'Listing', 'Benchmark', 'Tags', 'Status', 'Return d0', 'AR d0', 't', 'p', 'min p', 'Headline'].map(
          (c, i) => h('th', { class: i >= 5 && i <= 9 ? 'num' : '' }, c),
        ),
      ),
    ),
    tbody,
  );
  const more = h('button', { type: 'button', id: 'next-page', hidden: true }, 'Next page');
  const status = h('p', { class: 'muted', id: 'studies-count' });
  render(h('h1', {}, 'Studies'), form, downloads, table, more, status);

  let shown = 0;
  const load = async (cursor) => {
    const q = new URLSearchParams(filterQuery);
    if (cursor) q.set('cursor', cursor);
    const page = await api(`/api/studies?${q}`);
    for (const s of page.items) {
      tbody.append(
        h(
          'tr',
          { 'data-study-id': s.studyId },
          h('td', {}, h('a', { href: studyHref(s.studyId) }, s.day0 ?? '–')),
          h('td', {}, `${s.listing.symbol}`),
          h('td', {}, s.benchmark ?? '–'),
          h(
            'td',
            {},
            s.tags.map((t) => h('a', { class: 'tag', href: tagHref(t) }, t)),
          ),
          h('td', {}, s.status === 'skipped' ? `skipped: ${s.skipReason}` : s.status),
          h('td', { class: `num ${signClass(s.day0Return)}` }, pct(s.day0Return)),
          h('td', { class: `num ${signClass(s.day0Ar)}` }, pct(s.day0Ar)),
          h('td', { class: 'num' }, num(s.day0ArT)),
          h('td', { class: 'num' }, `${pval(s.day0ArP)}${stars(s.day0ArP)}`),
          h('td', { class: 'num' }, pval(s.minP)),
          h('td', { class: 'headline' }, s.headline ?? ''),
        ),
      );
    }
    shown += page.items.length;
    status.textContent = `${shown} studies shown`;
    more.hidden = page.nextCursor === null;
    more.onclick = () => load(page.nextCursor).catch(showError);
  };
  await load();
}

// ---- study page

/** Wraps every evidence phrase found in `text` (case-insensitive) in <mark>. */
function highlighted(text, phrases) {
  const el = h('span');
  if (!text) return el;
  const lower = text.toLowerCase();
  const spans = [];
  for (const p of phrases) {
    const needle = p.toLowerCase();
    if (needle === '') continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length))
      spans.push([i, i + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    el.append(text.slice(at, s), h('mark', {}, text.slice(s, e)));
    at = e;
  }
  el.append(text.slice(at));
  return el;
}

function storyCard(n) {
  const phrases = [...new Set(n.tags.flatMap((t) => t.evidence.map((e) => e.phrase)))];
  return h(
    'div',
    { class: 'story', 'data-news-id': n.id },
    h(
      'div',
      { class: 'muted' },
      `${n.source} · ${n.publishedAt}${n.novelty === null ? '' : ` · novelty ${num(n.novelty)}`}`,
    ),
    h('h3', { class: 'headline' }, highlighted(n.headline ?? '(no headline)', phrases)),
    h(
      'div',
      {},
      n.tags.map((t) =>
        h(
          'a',
          { class: 'tag', href: tagHref(t.tag), title: t.evidence.map((e) => e.phrase).join(' · ') },
          `${t.tag} ${num(t.confidence)}`,
        ),
      ),
      ' ',
      h(
        'span',
        { class: 'muted' },
        n.listings.map((l) => `${l.symbol} (${l.role}, relevance ${num(l.relevance, 1)})`).join(', '),
      ),
    ),
    n.body || n.summary ? h('p', { class: 'body' }, highlighted(n.body ?? n.summary, phrases)) : null,
    n.url ? h('a', { href: n.url, rel: 'noopener noreferrer', target: '_blank' }, 'source') : null,
  );
}

/** A labelled <select> named `name`: one option per `[value, text]`, the one whose value is `selected` chosen. */
const selectField = (label, name, options, selected) =>
  h(
    'label',
    {},
    label,
    h(
      'select',
      { name },
      options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
    ),
  );

// The expected-return models of studies and tag aggregates (`?model=` of the API, `model` of a backfill).
const MODELS = [
  ['market', 'market model'],
  ['ff3', 'Fama–French 3 (ff3)'],
  ['carhart', 'Carhart 4 (carhart)'],
  ['ff5', 'Fama–French 5 (ff5)'],
];

/** "Download:" and a link per `[href, text]`, then any other links. */
const downloadLinks = (links, ...more) =>
  h(
    'p',
    { class: 'downloads' },
    'Download: ',
    ...links.map(([href, text]) => h('a', { href, download: true }, text)),
    ...more,
  );

/** Vertical dashed line at x = 0 (day 0). */
const day0Marker = {
  hooks: {
    draw: [
      (u) => {
        const x = u.valToPos(0, 'x', true);
        const { ctx } = u;
        ctx.save();
        ctx.strokeStyle = '#b91c1c';
        ctx.setLineDash([5, 4]);
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      },
    ],
  },
};

function markDrawn(container) {
  return { hooks: { draw: [() => container.setAttribute('data-drawn', 'true')] } };
}

function chartWidth(container) {
  return Math.max(480, Math.min(900, container.clientWidth || 800));
}

/**
 * A chart of daily returns by relative day into `box`: the daily (abnormal) returns as bars, their cumulation as a
 * line, the band around it shaded between its high and low lines, and the day-0 marker. `data` holds the x values,
 * then one array per series in that order.
 */
function returnChart(box, { height, bars, line, band: [high, low], barAlpha }, data) {
  const percent = (u, v) => pct(v);
  const bandLine = (label) => ({ label, stroke: 'rgba(107,114,128,0.6)', dash: [4, 4], value: percent });
  const plot = new uPlot(
    {
      width: chartWidth(view),
      height,
      scales: { x: { time: false } },
      axes: [
        { label: 'relative day' },
        { label: 'return', values: (u, ticks) => ticks.map((t) => `${(t * 100).toFixed(1)}%`) },
      ],
      series: [
        { label: 'day' },
        {
          label: bars,
          stroke: '#1f5fbf',
          fill: `rgba(31,95,191,${barAlpha})`,
          paths: uPlot.paths.bars({ size: [0.5, 60] }),
          value: percent,
        },
        { label: line, stroke: '#111827', width: 2, value: percent },
        bandLine(high),
        bandLine(low),
      ],
      bands: [{ series: [3, 4], fill: 'rgba(107,114,128,0.12)' }],
      plugins: [day0Marker, markDrawn(box)],
    },
    data,
    box,
  );
  onLeave(() => plot.destroy());
}

async function studyPage(studyId) {
  const d = await api(`/api/studies/${encodeURIComponent(studyId)}`);
  const s = d.study;
  const day0 = d.days.find((x) => x.relativeDay === 0);
  const chartBox = h('div', { class: 'chart', id: 'study-chart' });
  const enc = encodeURIComponent(studyId);
  render(
    h(
      'h1',
      {},
      `${s.listing.symbol} · day 0 ${s.day0 ?? '–'} `,
      h('span', { class: 'muted' }, `vs ${s.benchmark ?? 'no benchmark'} · ${s.model}`),
    ),
    h(
      'div',
      {},
      s.tags.map((t) => h('a', { class: 'tag', href: tagHref(t) }, t)),
    ),
    h(
      'div',
      { class: 'figures' },
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'label' }, 'Return on day 0'),
        h('div', { class: 'value', id: 'return-day0' }, pct(day0?.return ?? null)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'label' }, 'AR on day 0'),
        h('div', { class: `value ${signClass(day0?.AR)}`, id: 'ar-day0' }, pct(day0?.AR ?? null)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'label' }, 't / p'),
        h('div', { class: 'value' }, `${num(day0?.t ?? null)} / ${pval(day0?.p ?? null)}`),
      ),
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'label' }, 'σ (estimation)'),
        h('div', { class: 'value', id: 'sigma' }, d.sigma === null ? '–' : `${(d.sigma * 100).toFixed(3)} %`),
      ),
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'label' }, 'α / β'),
        h('div', { class: 'value' }, `${num(s.alpha, 5)} / ${num(s.beta, 3)}`),
      ),
      factorBetaFigure(s),
    ),
    s.status === 'skipped' ? h('p', { class: 'error' }, `Skipped: ${s.skipReason}`) : null,
    h(
      'h2',
      {},
      `AR and CAR over [${d.eventWindow.start}, ${d.eventWindow.end}] `,
      h('span', { class: 'muted' }, 'bars: AR; line: CAR; shaded: CAR ± 1.96 σ √k; dashed: day 0'),
    ),
    chartBox,
    h(
      'table',
      { id: 'windows-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Window', 'CAR', 't', 'p', 'BHAR', 'days'].map((c, i) => h('th', { class: i ? 'num' : '' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        d.windows.map((w) =>
          h(
            'tr',
            {},
            h('td', {}, `[${w.start}, ${w.end}]`),
            h('td', { class: `num ${signClass(w.CAR)}` }, pct(w.CAR)),
            h('td', { class: 'num' }, num(w.t)),
            h('td', { class: 'num' }, `${pval(w.p)}${stars(w.p)}`),
            h('td', { class: 'num' }, pct(w.BHAR)),
            h('td', { class: 'num' }, w.nDays),
          ),
        ),
      ),
    ),
    downloadLinks([
      [`/api/studies/${enc}/days?format=csv`, 'daily AR / CAR (CSV)'],
      [`/api/studies/${enc}/days?format=json`, 'JSON'],
      [`/api/studies/${enc}/windows?format=csv`, 'windows (CSV)'],
    ]),
    h('h2', {}, 'The stories behind the event ', h('span', { class: 'muted' }, 'evidence phrases highlighted')),
    h('div', { id: 'stories' }, d.news.map(storyCard)),
  );

  returnChart(chartBox, { height: 320, bars: 'AR', line: 'CAR', band: ['+1.96 σ √k', '−1.96 σ √k'], barAlpha: 0.35 }, [
    d.days.map((r) => r.relativeDay),
    d.days.map((r) => r.AR),
    d.days.map((r) => r.CAR),
    d.days.map((r) => (r.carBand === null ? null : r.carBand)),
    d.days.map((r) => (r.carBand === null ? null : -r.carBand)),
  ]);
}

// ---- tags

async function tagsPage() {
  const { items } = await api('/api/tags');
  render(
    h('h1', {}, 'Per-tag aggregates'),
    h(
      'table',
      { id: 'tags-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Tag'), h('th', { class: 'num' }, 'Events'), h('th', {}, 'Computed'))),
      h(
        'tbody',
        {},
        items.map((t) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: tagHref(t.tag) }, t.tag)),
            h('td', { class: 'num' }, t.nEvents),
            h('td', {}, t.computedAt),
          ),
        ),
      ),
    ),
  );
}

/** The model chooser of a tag page: choosing one goes to `#/tag/<tag>?model=<model>` (all models: no `model`). */
function tagModelChooser(tag, model) {
  const form = h(
    'form',
    { class: 'filters', id: 'tag-model' },
    selectField('Model', 'model', [['', 'all models'], ...MODELS], model),
  );
  form.addEventListener('change', () => {
    const chosen = String(new FormData(form).get('model') ?? '');
    location.hash = `${tagHref(tag)}${chosen ? `?model=${encodeURIComponent(chosen)}` : ''}`;
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

async function tagPage(tag, params) {
  const model = params.get('model') ?? '';
  const enc = encodeURIComponent(tag);
  // The aggregates of the chosen model only, in the page and in its downloads.
  const query = (more = {}) => new URLSearchParams({ ...(model ? { model } : {}), ...more });
  const head = [h('h1', {}, `Tag ${tag}`), tagModelChooser(tag, model)];
  let d;
  try {
    d = await api(`/api/tags/${enc}?${query()}`);
  } catch (err) {
    // No aggregate of that model (or a model the API does not know): say so and keep the chooser.
    render(...head, h('p', { class: 'error', role: 'alert', id: 'tag-error' }, String(err.message ?? err)));
    return;
  }
  const sections = d.aggregates.map((a, i) => {
    const box = h('div', { class: 'chart', id: i === 0 ? 'caar-chart' : `caar-chart-${i}` });
    const section = h(
      'section',
      { 'data-aggregate-id': a.aggregateId },
      h(
        'h2',
        {},
        `${a.model} · ${a.nEvents} events `,
        h('span', { class: 'muted' }, 'line: CAAR; shaded: 95 % band (CAAR ± 1.96 sd(CAR)/√N); bars: AAR'),
      ),
      box,
      h(
        'table',
        { class: 'tests-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Window', 'N', 'CAAR', 'Test', 'Statistic', 'p'].map((c, j) =>
              h('th', { class: j === 0 || j === 3 ? '' : 'num' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          a.windows.flatMap((w) =>
            (w.tests.length ? w.tests : [{ test: '–', statistic: null, p: null }]).map((t) =>
              h(
                'tr',
                {},
                h('td', {}, `[${w.start}, ${w.end}]`),
                h('td', { class: 'num' }, w.N),
                h('td', { class: `num ${signClass(w.CAAR)}` }, pct(w.CAAR)),
                h('td', {}, t.test),
                h('td', { class: 'num' }, num(t.statistic, 3)),
                h('td', { class: 'num' }, `${pval(t.p)}${stars(t.p)}`),
              ),
            ),
          ),
        ),
      ),
    );
    return { a, box, section };
  });
  render(
    ...head,
    downloadLinks(
      [
        [`/api/tags/${enc}/days?${query({ format: 'csv' })}`, 'daily AAR / CAAR (CSV)'],
        [`/api/tags/${enc}/tests?${query({ format: 'csv' })}`, 'tests (CSV)'],
        [`/api/tags/${enc}/days?${query({ format: 'json' })}`, 'JSON'],
      ],
      h('a', { href: `#/studies?tag=${enc}` }, 'the studies of this tag'),
    ),
    ...sections.map((s) => s.section),
  );
  for (const { a, box } of sections)
    returnChart(box, { height: 300, bars: 'AAR', line: 'CAAR', band: ['95 % high', '95 % low'], barAlpha: 0.3 }, [
      a.days.map((r) => r.relativeDay),
      a.days.map((r) => r.AAR),
      a.days.map((r) => r.CAAR),
      a.days.map((r) => r.bandHigh),
      a.days.map((r) => r.bandLow),
    ]);
}

// ---- backfills

const TOKEN_KEY = 'newswindow.apiToken';

async function backfillsPage(params) {
  const token = h('input', {
    name: 'token',
    type: 'password',
    id: 'api-token',
    placeholder: 'NEWSWINDOW_API_TOKEN',
    value: sessionStorage.getItem(TOKEN_KEY) ?? '',
  });
  const form = h(
    'form',
    { class: 'filters', id: 'backfill-form' },
    h('label', {}, 'From', h('input', { name: 'from', type: 'date', required: true, value: params.get('from') ?? '' })),
    h('label', {}, 'To', h('input', { name: 'to', type: 'date', required: true, value: params.get('to') ?? '' })),
    h(
      'label',
      {},
      'Tickers (comma-separated)',
      h('input', { name: 'tickers', type: 'text', placeholder: '9988.HK,BABA' }),
    ),
    h('label', {}, 'Tags (comma-separated)', h('input', { name: 'tags', type: 'text', placeholder: 'earnings' })),
    h('label', {}, 'Benchmark (optional)', h('input', { name: 'benchmark', type: 'text', placeholder: 'QQQ' })),
    selectField('Model', 'model', [['', 'the worker’s'], ...MODELS], params.get('model') ?? ''),
    h(
      'label',
      {},
      'Batch size',
      h('input', { name: 'batchSize', type: 'number', min: 1, max: 1000, placeholder: '250' }),
    ),
    h('label', {}, 'Recompute', h('input', { name: 'recompute', type: 'checkbox' })),
    h('label', {}, 'API token', token),
    h('button', { type: 'submit', id: 'start-backfill' }, 'Start backfill'),
  );
  const bar = h('div', { id: 'backfill-bar' });
  const line = h('p', { id: 'backfill-line', class: 'muted' });
  const message = h('p', { id: 'backfill-message', role: 'status' });
  const controls = h(
    'p',
    {},
    ['pause', 'resume', 'cancel'].map((a) =>
      h('button', { type: 'button', id: `backfill-${a}`, 'data-action': a, disabled: true }, a),
    ),
  );
  const recent = h('tbody');
  render(
    h('h1', {}, 'Backfills'),
    form,
    message,
    h('h2', {}, 'Progress ', h('span', { class: 'muted', id: 'backfill-id' })),
    h(
      'div',
      { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, id: 'backfill-progress' },
      bar,
    ),
    line,
    controls,
    h('h2', {}, 'Recent backfills'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Id'), h('th', {}, 'Status'), h('th', {}, 'Started'))),
      recent,
    ),
  );

  const auth = () => {
    sessionStorage.setItem(TOKEN_KEY, token.value);
    return { authorization: `Bearer ${token.value}` };
  };
  let current = params.get('id');
  let timer;
  const poll = async () => {
    if (!current) return;
    try {
      const p = await api(`/api/backfills/${encodeURIComponent(current)}`);
      const share = p.fraction === null ? 0 : p.fraction;
      bar.style.width = `${(share * 100).toFixed(1)}%`;
      bar.parentElement.setAttribute('aria-valuenow', (share * 100).toFixed(1));
      bar.parentElement.setAttribute('data-state', p.state);
      line.textContent = `${p.state} · ${p.newsProcessed}/${p.totalNews ?? '?'} news · ${p.studiesWritten} written · ${p.studiesExisting} existing · ${p.studiesSkipped} skipped · ${p.newsWithoutStudy} without study`;
      line.setAttribute('data-news-processed', String(p.newsProcessed));
      const active = ['running', 'paused', 'cancelling'].includes(p.state);
      for (const b of controls.querySelectorAll('button')) b.disabled = !active;
      if (!active) return;
    } catch (err) {
      line.textContent = String(err.message ?? err);
    }
    timer = setTimeout(poll, 400);
  };
  onLeave(() => clearTimeout(timer));
  const follow = (id) => {
    current = id;
    document.getElementById('backfill-id').textContent = id;
    clearTimeout(timer);
    poll();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const list = (v) =>
      String(v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const body = { from: f.get('from'), to: f.get('to'), recompute: f.get('recompute') === 'on' };
    if (list(f.get('tickers')).length) body.tickers = list(f.get('tickers'));
    if (list(f.get('tags')).length) body.tags = list(f.get('tags'));
    if (String(f.get('batchSize') ?? '') !== '') body.batchSize = Number(f.get('batchSize'));
    if (String(f.get('benchmark') ?? '').trim() !== '') body.benchmark = String(f.get('benchmark')).trim();
    if (String(f.get('model') ?? '') !== '') body.model = String(f.get('model'));
    try {
      const r = await api('/api/backfills', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth() },
        body: JSON.stringify(body),
      });
      message.textContent = r.alreadyRunning ? `joined the running backfill ${r.id}` : `started ${r.id}`;
      follow(r.id);
    } catch (err) {
      message.textContent = `could not start: ${err.message}`;
    }
  });
  for (const b of controls.querySelectorAll('button')) {
    b.addEventListener('click', async () => {
      try {
        await api(`/api/backfills/${encodeURIComponent(current)}/${b.dataset.action}`, {
          method: 'POST',
          headers: auth(),
        });
        message.textContent = `${b.dataset.action} sent`;
        follow(current);
      } catch (err) {
        message.textContent = `${b.dataset.action} failed: ${err.message}`;
      }
    });
  }
  if (current) follow(current);
  api('/api/backfills?limit=10')
    .then(({ items }) =>
      recent.replaceChildren(
        ...items.map((w) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/backfills?id=${encodeURIComponent(w.id)}` }, w.id)),
            h('td', {}, w.status),
            h('td', {}, w.startTime ?? ''),
          ),
        ),
      ),
    )
    .catch(() => undefined);
}

// ---- live alerts panel (on every page)

const alertsList = document.getElementById('alerts-list');
const alertsStatus = document.getElementById('alerts-status');

function alertItem(a, fresh) {
  const what = a.statistic === 'ar_day0' ? 'AR[0]' : `CAR[${a.window.start},${a.window.end}]`;
  return h(
    'li',
    { class: fresh ? 'fresh' : '', 'data-alert-id': a.alertId },
    h('a', { href: studyHref(a.studyId) }, `${a.listing.symbol} ${a.day0}`),
    ` ${what} `,
    h('span', { class: signClass(a.value) }, pct(a.value)),
    ` p=${pval(a.p)}`,
    h('div', { class: 'muted' }, a.headline ?? a.tags.join(', ')),
  );
}

async function startAlerts() {
  try {
    const { items } = await api('/api/alerts?limit=30');
    alertsList.replaceChildren(...items.map((a) => alertItem(a, false)));
  } catch {
    // the stream below still shows new ones
  }
  const source = new EventSource('/api/alerts/stream');
  source.addEventListener('open', () => (alertsStatus.textContent = 'live'));
  source.addEventListener('error', () => (alertsStatus.textContent = 'reconnecting…'));
  source.addEventListener('alert', (e) => {
    const a = JSON.parse(e.data);
    if (alertsList.querySelector(`[data-alert-id="${CSS.escape(a.alertId)}"]`)) return;
    alertsList.prepend(alertItem(a, true));
    while (alertsList.children.length > 50) alertsList.lastElementChild.remove();
  });
}

startAlerts();
route();
