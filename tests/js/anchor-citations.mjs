#!/usr/bin/env node
// Anchor every citation of the data package in its archived text with Apache Annotator
// (@apache-annotator/selector, the W3C Web Annotation selectors), independently of the Python build:
//   (a) TextPositionSelector {start, end}: the text there must equal `exact`;
//   (b) TextQuoteSelector {exact, prefix, suffix}: exactly one match, at the citation's own offsets
//       (prefix/suffix come from the `prefix`/`suffix` columns when the table has them, else none).
// Prints a JSON report; exits 1 on any failure. An excerpt that anchors at its own offsets but also
// elsewhere is listed under `ambiguous` (with the matches and a prefix/suffix that would single it
// out) and fails the run unless --ambiguous-ok is given.
//
//   node anchor-citations.mjs [path/to/datapackage.json] [--ambiguous-ok]
//
// Offsets are counted in characters (Unicode code points), 0-based, end exclusive, as Python counts
// them and as the W3C TextPositionSelector defines them. JavaScript strings count UTF-16 code units:
// the position matcher seeks by code points itself (CodePointSeeker); the quote matcher answers in
// code units, converted here. The texts are decoded as the build decodes them (UTF-8, strict, a BOM
// kept as a character, line ends untouched). The CSV files are read with csv-parse following the
// resource's declared dialect, not with the Frictionless library.

import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import { version } from './common.mjs'
import { parse } from 'csv-parse/sync'
import { describeTextQuote, textPositionSelectorMatcher, textQuoteSelectorMatcher } from '@apache-annotator/selector'


// The whole text as one chunk: the selector package's matchers work on any Chunker, no DOM needed.
// Chunks are compared by identity, so every chunker over a text must share that text's one chunk.
class StringChunker {
  constructor(chunk) {
    this.currentChunk = chunk
  }
  nextChunk() {
    return null
  }
  previousChunk() {
    return null
  }
  precedesCurrentChunk() {
    return false
  }
}

// codePointAt[i] = number of code points before code unit i (i = 0..length); -1 inside a surrogate pair.
function codePointIndex(text) {
  const index = new Int32Array(text.length + 1)
  let cp = 0
  for (let i = 0; i < text.length; ) {
    const width = text.codePointAt(i) > 0xffff ? 2 : 1
    index[i] = cp
    if (width === 2) index[i + 1] = -1
    i += width
    cp += 1
  }
  index[text.length] = cp
  return index
}

function decodeUtf8(bytes) {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
}

// Read a CSV resource with its declared dialect (Data Package v2 / CSV Dialect keys, with their defaults).
function readCsv(root, resource) {
  const dialect = resource.dialect ?? {}
  const quote = dialect.quoteChar ?? '"'
  const doubleQuote = dialect.doubleQuote ?? true
  const options = {
    delimiter: dialect.delimiter ?? ',',
    quote: quote === '' ? false : quote,
    escape: doubleQuote ? quote : (dialect.escapeChar ?? null),
    ltrim: dialect.skipInitialSpace ?? false,
    relax_column_count: false,
    bom: false,
    skip_empty_lines: false,
  }
  if (dialect.lineTerminator) options.record_delimiter = [dialect.lineTerminator]
  const text = decodeUtf8(fs.readFileSync(path.join(root, resource.path)))
  const records = parse(text, options)
  const fields = (resource.schema?.fields ?? []).map((f) => f.name)
  const header = dialect.header ?? true
  const names = header ? records.shift() : fields
  if (JSON.stringify(names) !== JSON.stringify(fields)) {
    throw new Error(`${resource.name}: header ${JSON.stringify(names)} is not the schema's fields ${JSON.stringify(fields)}`)
  }
  const missing = new Set(resource.schema?.missingValues ?? [''])
  return records.map((record) => Object.fromEntries(names.map((name, i) => [name, missing.has(record[i]) ? null : record[i]])))
}

function asOffset(value) {
  return typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : null
}

async function all(generator) {
  const out = []
  for await (const item of generator) out.push(item)
  return out
}

async function main() {
  const args = process.argv.slice(2)
  const ambiguousOk = args.includes('--ambiguous-ok')
  const descriptorPath = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'datapackage.json')
  const root = path.dirname(descriptorPath)
  const started = process.hrtime.bigint()
  const report = {
    reader: 'apache-annotator',
    versions: { node: process.versions.node, '@apache-annotator/selector': version('@apache-annotator/selector'), 'csv-parse': version('csv-parse') },
    descriptor: descriptorPath,
    sources: {},
    citations: 0,
    anchored: { position: 0, quote: 0 },
    contextColumns: { prefix: false, suffix: false },
    failures: [],
    ambiguous: [],
    ambiguousOk,
    ok: false,
  }
  const finish = () => {
    report.ok = report.citations > 0 && report.failures.length === 0 && (ambiguousOk || report.ambiguous.length === 0)
    report.seconds = Number(process.hrtime.bigint() - started) / 1e9
    process.stdout.write(JSON.stringify(report, null, 1) + '\n')
    process.exitCode = report.ok ? 0 : 1
  }

  let sourceRows, citationRows, citationFields
  try {
    const descriptor = JSON.parse(fs.readFileSync(descriptorPath, 'utf8'))
    const csvResource = (name) => {
      const found = descriptor.resources.find((r) => r.name === name && (r.format ?? 'csv') === 'csv')
      if (!found) throw new Error(`no CSV resource named ${name}`)
      return found
    }
    sourceRows = readCsv(root, csvResource('sources'))
    const citations = csvResource('citations')
    citationFields = citations.schema.fields.map((f) => f.name)
    citationRows = readCsv(root, citations)
  } catch (error) {
    report.failures.push({ check: 'read', message: error.message })
    return finish()
  }
  report.contextColumns = { prefix: citationFields.includes('prefix'), suffix: citationFields.includes('suffix') }

  // The archived texts, checked against the recorded size and SHA-256 when the table has them.
  const texts = new Map()
  for (const source of sourceRows) {
    const entry = { path: source.archive_path }
    report.sources[source.source_id] = entry
    try {
      const full = path.resolve(root, source.archive_path)
      if (!full.startsWith(root + path.sep)) throw new Error(`archive_path ${source.archive_path} leaves the package`)
      const bytes = fs.readFileSync(full)
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex')
      if (source.sha256 && source.sha256 !== sha256) throw new Error(`sha256 ${sha256} is not the recorded ${source.sha256}`)
      if (source.bytes && Number(source.bytes) !== bytes.length) throw new Error(`${bytes.length} bytes, not the recorded ${source.bytes}`)
      const text = decodeUtf8(bytes)
      const index = codePointIndex(text)
      entry.characters = index[text.length]
      entry.codeUnits = text.length
      texts.set(source.source_id, { text, index, chunk: { data: text } })
    } catch (error) {
      entry.error = error.message
      report.failures.push({ source_id: source.source_id, check: 'text', message: error.message })
    }
  }

  for (const row of citationRows) {
    report.citations += 1
    const id = { source_id: row.source_id, citation_id: row.citation_id }
    const fail = (check, message, extra = {}) => report.failures.push({ ...id, check, message, ...extra })
    const source = texts.get(row.source_id)
    const start = asOffset(row.start)
    const end = asOffset(row.end)
    const exact = row.exact ?? ''
    if (!source) {
      fail('text', `no readable archived text for source ${row.source_id}`)
      continue
    }
    if (!exact) {
      fail('quote', 'no exact text')
      continue
    }
    if (start === null || end === null || end < start) {
      fail('position', `bad offsets start=${row.start} end=${row.end}`)
      continue
    }
    const { text, index, chunk } = source

    // (a) TextPositionSelector
    try {
      const chunker = new StringChunker(chunk)
      const [range] = await all(textPositionSelectorMatcher({ type: 'TextPositionSelector', start, end })(chunker))
      const found = text.slice(range.startIndex, range.endIndex)
      if (found === exact) report.anchored.position += 1
      else fail('position', 'text at start..end is not exact', { start, end, found, exact })
    } catch (error) {
      fail('position', `${error.name}: ${error.message} (text has ${index[text.length]} characters)`, { start, end })
    }

    // (b) TextQuoteSelector
    const selector = { type: 'TextQuoteSelector', exact }
    if (row.prefix) selector.prefix = row.prefix
    if (row.suffix) selector.suffix = row.suffix
    const ranges = await all(textQuoteSelectorMatcher(selector)(new StringChunker(chunk)))
    const matches = ranges.map((r) => ({ start: index[r.startIndex], end: index[r.endIndex] }))
    const own = matches.filter((m) => m.start === start && m.end === end).length === 1
    if (own && matches.length === 1) {
      report.anchored.quote += 1
    } else if (own) {
      // A prefix and suffix that single this match out (word-bounded, Annotator's defaults).
      let suggested
      try {
        const target = ranges[matches.findIndex((m) => m.start === start && m.end === end)]
        const described = await describeTextQuote(target, () => new StringChunker(chunk))
        suggested = { prefix: described.prefix ?? '', suffix: described.suffix ?? '' }
      } catch (error) {
        suggested = { error: `${error.name}: ${error.message}` }
      }
      report.ambiguous.push({ ...id, exact, start, end, prefix: selector.prefix ?? '', suffix: selector.suffix ?? '', matches, suggested })
    } else {
      fail('quote', matches.length ? "quote found, but not at the citation's offsets" : 'quote not found', { start, end, matches, selector })
    }
  }
  return finish()
}

await main()
