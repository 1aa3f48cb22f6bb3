#!/usr/bin/env node
// The `kizuna` command: runs the compiled CLI (npm run build writes dist/).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('kizuna: not built yet — run `npm run build` first.\n')
    process.exit(70)
  }
  throw error
})
