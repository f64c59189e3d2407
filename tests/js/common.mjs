// What both readers share (copied beside them with the npm packages; see tests/package/test_js_readers.py).

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// The installed version of a dependency: the package.json above its entry point (`exports` may hide it).
export function version(name) {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(name)))
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (fs.existsSync(file)) {
      const meta = JSON.parse(fs.readFileSync(file, 'utf8'))
      if (meta.name === name) return meta.version
    }
    const parent = path.dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}
