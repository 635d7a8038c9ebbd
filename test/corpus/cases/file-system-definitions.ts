import type { BadInputCase } from '../bad-input-case.js';

const WEB = 'environments/dev/web.yml';
/** dev/web.yml as the example has it, with its max_size written wrong on line 12 (so the location is known). */
const WEB_BAD = [
  'resources:',
  '  - kind: autoscaling-group',
  '    name: web',
  '    uuid: cb8b5ca1-6feb-442b-b12d-52f1ed226cd4',
  '    launch_template:',
  '      ami: ami-0abcdef1234567890',
  '      instance_type: t3.micro',
  '    min_size: 1',
  '    max_size: two',
];

/** The definitions on disk: links, pipes, encodings, line endings, empty and binary files. */
export const fileSystemDefinitionCases: BadInputCase[] = [
  { name: 'resource file is a FIFO', spawn: true, files: { 'environments/dev/extra.yml': { fifo: true } }, args: ['validate'], exit: 1, message: /environments\/dev\/extra\.yml:1:1 is a FIFO, not a regular file, so a resource file cannot be read; replace it with a regular file, or remove it/, withinSeconds: 30 },
  { name: 'policy.yml is a FIFO', spawn: true, files: { 'policy.yml': { fifo: true } }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /policy\.yml:1:1 is a FIFO, not a regular file: the gate cannot read it, and qm does not run ungated while a policy file is there/, withinSeconds: 30 },
  { name: 'resource file a dangling symlink', files: { 'environments/dev/extra.yml': { symlink: '../shared/extra.yml' } }, args: ['validate'], exit: 1, message: /extra\.yml:1:1 is a symbolic link to "\.\.\/shared\/extra\.yml", which does not exist, so a resource file cannot be read; point the link at a file, or remove it/ },
  { name: 'resource file a symlink loop', files: { 'environments/dev/extra.yml': { symlink: 'extra.yml' } }, args: ['plan'], exit: 1, message: /extra\.yml:1:1 is a symbolic link to "extra\.yml", which loops, so a resource file cannot be read/ },
  { name: 'policy.yml a symlink loop', files: { 'policy.yml': { symlink: 'policy.yml' } }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /policy\.yml:1:1 is a symbolic link to "policy\.yml", which loops: the gate cannot read it/ },
  { name: 'environment directory a dangling symlink', files: { 'environments/qa': { symlink: '/nonexistent/qa' } }, args: ['validate'], exit: 1, message: /environments\/qa:1:1 is a symbolic link to "\/nonexistent\/qa", which does not exist, so it cannot be read as an environment; point the link at the environment's directory, or remove it/ },
  { name: 'environment.yml is a directory', files: { 'environments/dev/environment.yml': { dir: true } }, args: ['validate'], exit: 1, message: /environments\/dev\/environment\.yml:1:1 is a directory, not a file: .*must be the environment file \(region, account_id\); move the directory away and write the file/ },
  { name: 'resource file in a subdirectory', files: { 'environments/dev/extra/box.yml': 'resources: []\n' }, args: ['validate'], exit: 0, message: /warning: environments\/dev\/extra:1:1 ignored: subdirectories are not read; put resource files directly in environments\/dev\// },
  { name: 'resource file not UTF-8', files: { [WEB]: new Uint8Array([...Buffer.from('resources:\n  - kind: autoscaling-group\n    name: w'), 0xe9, 0x62, ...Buffer.from('\n')]) }, args: ['validate'], exit: 1, message: /web\.yml:3:12 not a text file: it holds bytes that are not UTF-8; definitions are YAML text, so remove the file or save it as UTF-8 text/ },
  { name: 'resource file binary', files: { 'environments/dev/extra.yml': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x51, 0x4d]) }, args: ['validate'], exit: 1, message: /extra\.yml:1:8 not a text file: it holds a NUL byte/ },
  { name: 'resource file of 0 bytes', files: { 'environments/dev/extra.yml': '' }, args: ['validate'], exit: 0, message: /Valid: 14 resources[\s\S]*warning: environments\/dev\/extra\.yml:1:1 empty file: no resources/ },
  { name: 'CRLF line endings: located as with LF', files: { [WEB]: `${WEB_BAD.join('\r\n')}\r\n` }, args: ['validate'], exit: 1, message: /^environments\/dev\/web\.yml:9:15 max_size "two" is not a whole number of at least 0\n/m },
  { name: 'byte order mark: located as without', files: { [WEB]: `\uFEFF${WEB_BAD.join('\n')}\n` }, args: ['validate'], exit: 1, message: /^environments\/dev\/web\.yml:9:15 max_size "two" is not a whole number of at least 0\n/m },
  { name: 'CRLF and a BOM in environment.yml work', files: { 'environments/dev/environment.yml': (t) => `\uFEFF${t.replaceAll('\n', '\r\n')}` }, args: ['plan', '--env', 'dev'], exit: 0, message: /dev: 0 to add, 0 to change, 0 to destroy, 4 unchanged/ },
  { name: '--dir is a file', args: ['--dir', '{dir}/policy.yml', 'validate'], noDir: true, exit: 1, message: /environments:1:1 no environments\/ directory[\s\S]*under .*\/policy\.yml\./ },
  { name: 'environments/dev is a symlink loop', files: { 'environments/dev': { symlink: 'dev' } }, args: ['plan'], exit: 1, message: /environments\/dev:1:1 is a symbolic link to "dev", which loops, so it cannot be read as an environment/ },
];
