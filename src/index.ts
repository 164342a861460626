// The action's main step: only runs run() (no input is read at import time).
import { run } from './main.js';

await run();
