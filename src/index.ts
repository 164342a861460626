// The action's main step: only runs run() (no input is read at import time).
import { run } from './main.js';

await run();
// run() leaves nothing running. Should a library still hold a handle (an idle socket, a timer), it
// must not keep the step open: its work is done and every result is written.
setTimeout(() => process.exit(), 2000).unref();
