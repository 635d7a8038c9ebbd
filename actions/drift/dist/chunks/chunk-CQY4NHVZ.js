import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
var n={now:()=>new Date,sleep:e=>new Promise(t=>setTimeout(t,e))};export{n as a};
