#!/usr/bin/env python3
"""The print specs are true: every statement of every <id>.print-spec.json
in OUT (decks, boards, documents) is compared with the PDFs it describes,
and the .txt beside it states the same facts.
Usage: check_spec.py OUT   (out/<kit>/ of a build with print and pdfx)"""
import glob, json, os, re, subprocess, sys

MM = 72 / 25.4
out = sys.argv[1]
bad = []


def run(*args):
    return subprocess.run(args, capture_output=True).stdout.decode('utf-8', 'replace')


def mm(v):
    return ('%.3f' % v).rstrip('0').rstrip('.')


def check_file(spec, f, txt):
    path = os.path.join(out, f['name'])
    info = run('pdfinfo', '-box', path)
    pages = int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))
    if pages != f['pages']:
        bad.append('%s: %d pages, spec says %d' % (f['name'], pages, f['pages']))
    w, h = map(float, re.search(r'^Page size:\s+([\d.]+) x ([\d.]+)', info, re.M).groups())
    if abs(w / MM - f['page_mm'][0]) > 0.01 or abs(h / MM - f['page_mm'][1]) > 0.01:
        bad.append('%s: page %.3f x %.3f mm, spec says %s' % (f['name'], w / MM, h / MM, f['page_mm']))
    t = list(map(float, re.search(r'^TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)', info, re.M).groups()))
    if abs((t[2] - t[0]) / MM - f['trim_mm'][0]) > 0.01 or abs((t[3] - t[1]) / MM - f['trim_mm'][1]) > 0.01:
        bad.append('%s: trim %.3f x %.3f mm' % (f['name'], (t[2] - t[0]) / MM, (t[3] - t[1]) / MM))
    if f['kind'] != 'pieces' and f['trim_mm'] != spec['trim_mm']:
        bad.append('%s: trim %s, the spec\'s %s' % (f['name'], f['trim_mm'], spec['trim_mm']))
    b = list(map(float, re.search(r'^BleedBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)', info, re.M).groups()))
    if f['kind'] != 'pieces' and abs((t[0] - b[0]) / MM - spec['bleed_mm']) > 0.01:
        bad.append('%s: bleed %.3f mm, spec says %s' % (f['name'], (t[0] - b[0]) / MM, spec['bleed_mm']))
    # fonts: embedded, subset, and those the spec names
    fonts = set()
    for line in run('pdffonts', path).splitlines()[2:]:
        name = line.split()[0].split('+')[-1]
        if 'yes yes' not in line:
            bad.append('%s: font %s not embedded and subset' % (f['name'], name))
        fonts.add(name.replace('-', '').replace(' ', '').lower())
    named = {n.replace(' ', '').lower() for n in spec['fonts']}
    if f['kind'] != 'pieces' and not fonts <= named | {n.replace('regular', '') for n in named}:
        bad.append('%s: fonts %s, spec names %s' % (f['name'], sorted(fonts), sorted(named)))
    # PDF/X: the output condition the spec names
    if f['kind'] == 'pdfx':
        qdf = run('qpdf', '--qdf', '--object-streams=disable', path, '-')
        m = re.search(r'/OutputConditionIdentifier \(([^)]*)\)', qdf)
        if not m or ('output condition %s;' % m.group(1)) not in spec['colour']:
            bad.append('%s: OutputIntent %s, colour says %s' % (f['name'], m and m.group(1), spec['colour']))
    # the text states it too
    row = '%s, %d page%s, %s x %s mm' % (f['what'], f['pages'], '' if f['pages'] == 1 else 's',
                                         mm(f['page_mm'][0]), mm(f['page_mm'][1]))
    if not re.search(r'^  %s\s+%s' % (re.escape(f['name']), re.escape(row)), txt, re.M):
        bad.append('%s: the text has no line "%s %s"' % (f['name'], f['name'], row))


def check_deck(spec, txt):
    split = spec['page_order'].startswith('fronts and backs in two files')
    if sum(c['copies'] for c in spec['cards']) != spec['cards_printed']:
        bad.append('%s: copies add up to %d, not %d' % (spec['deck'], sum(c['copies'] for c in spec['cards']), spec['cards_printed']))
    if len(spec['cards']) != spec['cards_distinct']:
        bad.append('%s: %d cards listed, %d distinct' % (spec['deck'], len(spec['cards']), spec['cards_distinct']))
    for f in spec['files']:
        if f['pages'] != spec['pages_per_file']:
            bad.append('%s: %d pages, pages_per_file %d' % (f['name'], f['pages'], spec['pages_per_file']))
        path = os.path.join(out, f['name'])
        # each card's copies on the pages the spec says, by the pages' labels
        labels = json.loads(run('qpdf', '--json', '--json-key=pages', path))
        got = [re.sub('^u:', '', (p.get('label') or {}).get('/P', '')).split(' ')[0] for p in labels['pages']]
        for c in spec['cards']:
            span = got[c['pages'][0] - 1:c['pages'][1]]
            if split:
                want = c['copies']
            else:
                want = 2 * c['copies']
            if span != [c['id']] * want:
                bad.append('%s: pages %s hold %s, not card %s' % (f['name'], c['pages'], span[:4], c['id']))
        # backs: as many different texts on the back pages as the spec says
        if f['kind'] == 'print' and not split:
            backs = set()
            back_first = spec['page_order'].startswith('back')
            for c in spec['cards']:
                p = c['pages'][0] + (0 if back_first else 1)
                backs.add(run('pdftotext', '-f', str(p), '-l', str(p), path, '-'))
            if (len(backs) > 1) != (spec['backs_distinct'] > 1) or len(backs) > spec['backs_distinct']:
                bad.append('%s: %d different back texts, spec says %d backs' % (f['name'], len(backs), spec['backs_distinct']))
    for c in spec['cards']:
        if not re.search(r'^  %s\s+%d  pages? %d' % (re.escape(c['id']), c['copies'], c['pages'][0]), txt, re.M):
            bad.append('%s: the text does not list card %s' % (spec['deck'], c['id']))


specs = sorted(glob.glob(os.path.join(out, '*.print-spec.json')))
kinds = set()
for sp in specs:
    spec = json.load(open(sp))
    txt = open(sp[:-4] + 'txt').read()
    kind = next(k for k in ('deck', 'board', 'document') if k in spec)
    kinds.add(kind)
    ident = spec[kind]
    listed = {f['name'] for f in spec['files']}
    made = {n for n in os.listdir(out) if n.startswith(ident + '.') and n.endswith('.pdf')
            and not n.endswith(('.proof.pdf', '.tiles.pdf', '.sheets.pdf'))}
    if listed != made:
        bad.append('%s: files listed %s, made %s' % (ident, sorted(listed), sorted(made)))
    for f in spec['files']:
        check_file(spec, f, txt)
    if kind == 'deck':
        check_deck(spec, txt)
    # the text states every scalar of the JSON
    facts = {'Trim size': '%s x %s mm' % tuple(mm(v) for v in spec['trim_mm']),
             'Bleed': '%s mm' % mm(spec['bleed_mm']), 'Profile': spec['profile'],
             'Colour': spec['colour'], 'Stock': spec['stock'],
             'Smallest text': 'no text' if spec['min_text_pt'] is None else '%.2f pt' % spec['min_text_pt'],
             'Thinnest line': 'no stroked line' if spec['min_line_pt'] is None else '%.2f pt' % spec['min_line_pt']}
    for label, v in facts.items():
        if not re.search(r'^%s:\s+%s' % (re.escape(label), re.escape(v)), txt, re.M):
            bad.append('%s: the text does not say %s: %s' % (ident, label, v))
    if spec['min_text_pt'] is not None and spec['min_text_pt'] < 6:
        bad.append('%s: text at %.2f pt, under 6 pt' % (ident, spec['min_text_pt']))
    print('  %s %s: %d files' % (kind, ident, len(spec['files'])))
if kinds != {'deck', 'board', 'document'}:
    bad.append('specs only for %s' % sorted(kinds))
for b in bad:
    print('  ' + b)
sys.exit(1 if bad else 0)
