import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
function i(e){return e.isDirectory()?"a directory":e.isFIFO()?"a FIFO":e.isSocket()?"a socket":e.isCharacterDevice()||e.isBlockDevice()?"a device":e.isFile()?"a regular file":"a special file"}export{i as a};
