#!/usr/bin/env node
// Read the data package with the npm `datapackage` library (Frictionless Data Package v1, JavaScript): every CSV table,
// every row, values cast by the Table Schema, foreign keys followed (`relations: true`). Prints a JSON report with each
// table's cast values (a followed foreign key as the key it was resolved from, dates as YYYY-MM-DD) and exits 1 on any
// error. It reads CSV only: the other resources (Parquet, the workbook, BODS) are listed as skipped.
//
//   node read-package.mjs [path/to/datapackage.json]

import path from 'node:path'
import process from 'node:process'
import { version } from './common.mjs'
import datapackage from 'datapackage'

const pad = (n, width = 2) => String(n).padStart(width, '0')

function plain(value) {
  if (value instanceof Date) return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
  return value
}

function describeError(error) {
  const out = { message: error.message }
  if (error.rowNumber !== undefined) out.row = error.rowNumber
  if (Array.isArray(error.errors) && error.errors.length) out.details = error.errors.map((e) => e.message)
  return out
}

async function readResource(resource) {
  const schema = resource.schema
  const report = {
    rows: 0,
    errors: schema.valid ? [] : schema.errors.map((e) => ({ message: `schema: ${e.message}` })),
    delimiterSniffed: !resource.descriptor.dialect?.delimiter, // without one the library guesses it from the first bytes
    foreignKeys: schema.foreignKeys.length,
    relationsResolved: 0,
    fields: schema.fieldNames,
    values: [],
  }
  let rows
  try {
    rows = await resource.read({ relations: true, keyed: true, forceCast: true })
  } catch (error) {
    report.errors.push(describeError(error))
    return report
  }
  for (const row of rows) {
    if (row instanceof Error) {
      report.errors.push(describeError(row))
      continue
    }
    report.rows += 1
    const out = { ...row }
    for (const fk of schema.foreignKeys) {
      fk.fields.forEach((field, i) => {
        const cell = row[field]
        if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
          report.relationsResolved += 1
          out[field] = cell[fk.reference.fields[i]]
        }
      })
    }
    report.values.push(schema.fieldNames.map((name) => plain(out[name])))
  }
  return report
}

const descriptorPath = path.resolve(process.argv[2] ?? 'datapackage.json')
const report = { versions: { node: process.versions.node, datapackage: version('datapackage') }, resources: {}, skipped: [] }
const pkg = await datapackage.Package.load(descriptorPath)
report.package = { valid: pkg.valid, errors: pkg.errors.map((e) => e.message) }
for (const resource of pkg.resources) {
  if (resource.tabular && resource.descriptor.format === 'csv') report.resources[resource.name] = await readResource(resource)
  else report.skipped.push(resource.name)
}
const errors = Object.values(report.resources).reduce((n, r) => n + r.errors.length, 0)
report.ok = pkg.valid && errors === 0 && Object.keys(report.resources).length > 0
process.stdout.write(JSON.stringify(report) + '\n')
process.exitCode = report.ok ? 0 : 1
