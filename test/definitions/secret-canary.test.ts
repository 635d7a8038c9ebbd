import { describe, expect, it } from 'vitest';
import { readRawDefinitions, validateDefinitions, memoryFileTree, formatDiagnostic, type Diagnostic } from '../../src/definitions/index.js';

/**
 * A canary credential planted in user data, in files broken every way we know: no message
 * (error or warning) may repeat it or any part of it, and none quotes more than 120 characters.
 */
const CANARY = 'CANARY-7f3a9c-hunter2';
const FRAGMENTS = ['CANARY', '7f3a9c', 'hunter2'];

const ENV = 'region: eu-west-1\naccount_id: "777788889999"\ndefault_subnets: [subnet-0a1b2c3d4e5f60001]\n';
const HEAD = 'resources:\n  - kind: instance\n    name: api\n    uuid: 00000000-0000-4000-8000-0000000000aa\n    instance_type: t3.micro\n    ami: ami-0123456789abcdef0\n';

const cases: [name: string, userData: string][] = [
  ['syntax error on the secret line', `    user_data: |\n        #!/bin/bash\n      export TOKEN=${CANARY}\n`],
  ['secret line dedented to the key', `    user_data: |\n      #!/bin/bash\n    export TOKEN=${CANARY}\n`],
  ['secret line dedented below the key', `    user_data: |\n      #!/bin/bash\n  export TOKEN=${CANARY}\n`],
  ['secret as a dedented key: value', `    user_data: |\n      #!/bin/bash\n    password: ${CANARY}\n`],
  ['a tab in the block', `    user_data: |\n\texport TOKEN=${CANARY}\n`],
  ['a tab after the indentation', `    user_data: |\n      #!/bin/bash\n    \texport TOKEN=${CANARY}\n`],
  ['unterminated double quote', `    user_data: "export TOKEN=${CANARY}\n`],
  ['unterminated single quote', `    user_data: 'export TOKEN=${CANARY}\n`],
  ['unterminated quote over lines', `    user_data: "#!/bin/bash\n      export TOKEN=${CANARY}\n    state: running\n`],
  ['duplicate user_data keys', `    user_data: ${CANARY}\n    user_data: ${CANARY}\n`],
  ['duplicate key after the block', `    user_data: |\n      export TOKEN=${CANARY}\n    ami: ami-0123456789abcdef0\n`],
  ['text after the block header', `    user_data: |${CANARY}\n      #!/bin/bash\n`],
  ['bad indentation indicator', `    user_data: |9\n      export TOKEN=${CANARY}\n`],
  ['invalid escape', `    user_data: "TOKEN=\\q${CANARY}"\n`],
  ['invalid hex escape', `    user_data: "TOKEN=\\xZZ${CANARY}"\n`],
  ['reserved first character', `    user_data: @${CANARY}\n`],
  ['backtick first character', `    user_data: \`${CANARY}\`\n`],
  ['scalar after a quoted value', `    user_data: "x" ${CANARY}\n`],
  ['unclosed flow sequence', `    user_data: [${CANARY}: }\n`],
  ['unclosed flow mapping', `    user_data: {a: ${CANARY}\n`],
  ['compact mapping in a plain value', `    user_data: TOKEN: ${CANARY}\n`],
  ['comment without a space', `    user_data: "x"#${CANARY}\n`],
  ['custom tag named like the secret', `    user_data: !${CANARY} x\n`],
  ['custom tag on the secret', `    user_data: !Sub export TOKEN=${CANARY}\n`],
  ['alias named like the secret', `    user_data: *${CANARY}\n`],
  ['anchor on the secret, alias elsewhere', `    user_data: &u ${CANARY}\n    key_name: *u-nope\n`],
  ['a mapping instead of a string', `    user_data:\n      TOKEN: ${CANARY}\n`],
  ['a list instead of a string', `    user_data:\n      - ${CANARY}\n`],
  ['a number instead of a string', '    user_data: 7e3\n'],
  ['longer than 16384 characters', `    user_data: |\n      export TOKEN=${CANARY}\n${'      echo padding-line\n'.repeat(1000)}`],
  ['a NUL byte in the block', `    user_data: |\n      export TOKEN=${CANARY}\u0000\n`],
  ['bytes that are not UTF-8 in the block', `    user_data: |\n      export TOKEN=${CANARY}\uFFFD\n`],
  ['nested too deeply inside user data', `    user_data: ${'['.repeat(100)}${CANARY}\n`],
  ['a directive-like line', `    user_data: |\n%${CANARY}\n`],
  ['document marker in the block', `    user_data: |\n---${CANARY}\n`],
  ['multi-line implicit key', `    user_data: |\n      x\n   ${CANARY}\n    : y\n`],
];

async function diagnosticsOf(resourceFile: string): Promise<Diagnostic[]> {
  const tree = memoryFileTree({ 'environments/prod/environment.yml': ENV, 'environments/prod/case.yml': resourceFile });
  const raw = await readRawDefinitions(tree, 'case');
  validateDefinitions(raw);
  return [...raw.bag.errors, ...raw.bag.warnings];
}

describe('a secret in user data is never quoted', () => {
  it.each(cases)('%s', async (_name, userData) => {
    const diagnostics = await diagnosticsOf(HEAD + userData);
    expect(diagnostics.filter((d) => d.file === 'environments/prod/case.yml').length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      const line = formatDiagnostic(d);
      for (const fragment of FRAGMENTS) expect(line).not.toContain(fragment);
      for (const quoted of line.match(/"(?:[^"\\]|\\.)*"/g) ?? []) expect(quoted.length).toBeLessThanOrEqual(122 + 1);
    }
  });

  it('the canary itself is what a valid file holds, so the check can fail', async () => {
    const diagnostics = await diagnosticsOf(`${HEAD}    subnet: ${CANARY}\n`);
    expect(diagnostics.map(formatDiagnostic).join('\n')).toContain(CANARY);
  });
});
