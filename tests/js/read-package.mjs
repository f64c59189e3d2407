#!/usr/bin/env node
// Read the data package with the npm `datapackage` library (Frictionless Data Package v1, JavaScript):
// every tabular resource, every row, values cast by the Table Schema, foreign keys followed
// (`relations: true`). Prints a JSON report and exits 1 on any error.
//
//   node read-package.mjs [path/to/datapackage.json] [--rows]
//
// --rows adds each resource's cast values (field order; a followed foreign key written back as the
// key value it was resolved from; dates as YYYY-MM-DD), for comparison with another reader.
//
// What datapackage 1.1.10 (with tableschema 1.12.6) can and cannot do, as found when this was written:
// - It reads CSV only. A Parquet resource is not tabular to it (format not in csv/tsv/xls/xlsx) and
//   read() throws; forced tabular (profile tabular-data-resource) tableschema throws
//   'Tabular format "parquet" is not supported'. Such resources are skipped here, explicitly, with the
//   library's own error message in the report.
// - It ignores the v2 `$schema` key and validates against its v1 profile `data-package`.
// - With no `dialect.delimiter` it sniffs the delimiter from the first chunk of the file (csv-sniffer)
//   and can pick a space; a declared delimiter turns sniffing off. Of the dialect it passes on only
//   delimiter, quoteChar, doubleQuote, lineTerminator, escapeChar, skipInitialSpace, under lower-case
//   names csv-parse 4 does not know except `delimiter`: quote and line ending stay csv-parse's defaults
//   (", auto-detected), and leading spaces of unquoted fields are always trimmed (ltrim: true).
// - missingValues must be the v1 list of strings; the v2 form [{value, label}] is not understood.
// - primaryKey (composite too) is checked for uniqueness; foreign keys to the same resource by name, by
//   "" (v1) or with `resource` omitted (v2) are followed. Composite keys are compared as values joined
//   by commas (a known weakness of tableschema-js: ["a,b","c"] equals ["a","b,c"]).

import path from 'node:path'
import process from 'node:process'
import { version } from './common.mjs'
import datapackage from 'datapackage'
import tableschema from 'tableschema'

const { Package } = datapackage
const { Table } = tableschema

function isoDate(value) {
  const pad = (n, w = 2) => String(n).padStart(w, '0')
  return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}

function plain(value) {
  if (value instanceof Date) return isoDate(value)
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return value
}

function describeError(error) {
  const out = { message: error.message }
  if (error.rowNumber !== undefined) out.row = error.rowNumber
  if (Array.isArray(error.errors) && error.errors.length) out.details = error.errors.map((e) => e.message)
  return out
}

async function readResource(resource, { withRows }) {
  const descriptor = resource.descriptor
  const report = { format: descriptor.format ?? null, path: descriptor.path ?? null, rows: 0, errors: [] }
  const dialect = descriptor.dialect ?? null
  report.dialect = dialect
  report.delimiterSniffed = !(dialect && dialect.delimiter)

  const schema = resource.schema
  if (!schema) {
    report.errors.push({ message: 'no Table Schema' })
    return report
  }
  if (!schema.valid) report.errors.push(...schema.errors.map((e) => ({ message: `schema: ${e.message}` })))
  const foreignKeys = schema.foreignKeys
  report.primaryKey = schema.primaryKey
  report.foreignKeys = foreignKeys.map((fk) => ({ fields: fk.fields, resource: fk.reference.resource, refFields: fk.reference.fields }))
  report.relationsResolved = 0

  let rows
  try {
    rows = await resource.read({ relations: true, keyed: true, forceCast: true })
  } catch (error) {
    const described = describeError(error)
    if (report.delimiterSniffed) described.hint = 'no dialect.delimiter declared: the library sniffed one from the first bytes of the file'
    report.errors.push(described)
    return report
  }
  const fieldNames = schema.fieldNames
  const values = []
  for (const row of rows) {
    if (row instanceof Error) {
      report.errors.push(describeError(row))
      continue
    }
    report.rows += 1
    const out = { ...row }
    for (const fk of foreignKeys) {
      fk.fields.forEach((field, i) => {
        const cell = row[field]
        if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
          report.relationsResolved += 1
          out[field] = cell[fk.reference.fields[i]]
        }
      })
    }
    if (withRows) values.push(fieldNames.map((name) => plain(out[name])))
  }
  if (withRows) {
    report.fields = fieldNames
    report.values = values
  }
  return report
}

async function whyNotReadable(resource) {
  // The library's own words: read() on the resource, then tableschema on the format.
  const reasons = []
  try {
    await resource.read({ limit: 1 })
    reasons.push('datapackage read() did not fail')
  } catch (error) {
    reasons.push(`datapackage: ${error.message}`)
  }
  try {
    await Table.load(resource.source, { format: resource.descriptor.format })
  } catch (error) {
    reasons.push(`tableschema: ${error.message}`)
  }
  return reasons
}

async function main() {
  const args = process.argv.slice(2)
  const withRows = args.includes('--rows')
  const descriptorPath = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'datapackage.json')
  const started = process.hrtime.bigint()
  const report = {
    reader: 'datapackage',
    versions: { node: process.versions.node, datapackage: version('datapackage'), tableschema: version('tableschema') },
    descriptor: descriptorPath,
    package: {},
    resources: {},
    skipped: {},
    ok: false,
  }

  let pkg
  try {
    pkg = await Package.load(descriptorPath)
  } catch (error) {
    report.package = { loaded: false, errors: [describeError(error)] }
    return finish(report, started)
  }
  report.package = {
    loaded: true,
    valid: pkg.valid,
    errors: pkg.errors.map((e) => e.message),
    profile: pkg.profile.name,
    declaredSchema: pkg.descriptor.$schema ?? null,
    note: 'datapackage 1.1.10 does not read $schema: it validates against its v1 profile named in `profile` (default data-package)',
  }

  for (const resource of pkg.resources) {
    const format = resource.descriptor.format ?? null
    if (!resource.tabular || format !== 'csv') {
      report.skipped[resource.name] = {
        format,
        tabular: resource.tabular,
        reason: `not read: datapackage ${report.versions.datapackage} reads only CSV tables`,
        library: await whyNotReadable(resource),
      }
      continue
    }
    report.resources[resource.name] = await readResource(resource, { withRows })
  }
  return finish(report, started)
}

function finish(report, started) {
  const resourceErrors = Object.values(report.resources).reduce((n, r) => n + r.errors.length, 0)
  const packageErrors = report.package.errors?.length ?? 1
  report.ok = report.package.loaded === true && report.package.valid && packageErrors === 0 && resourceErrors === 0 && Object.keys(report.resources).length > 0
  report.seconds = Number(process.hrtime.bigint() - started) / 1e9
  process.stdout.write(JSON.stringify(report, null, 1) + '\n')
  process.exitCode = report.ok ? 0 : 1
}

await main()
