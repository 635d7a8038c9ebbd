import type { BadInputCase } from '../bad-input-case.js';
import { CANARY } from '../bad-input-case.js';
import { edit } from './edit.js';

const BASTION = 'environments/dev/bastion.yml';
const WEB = 'environments/dev/web.yml';
const EXTRA = 'environments/dev/extra.yml';

/** A resource file whose YAML or whose shape is wrong, before any field is read. */
export const definitionYamlCases: BadInputCase[] = [
  { name: 'YAML syntax error on the secret line, not quoted', files: { [BASTION]: edit(`export DB_PASSWORD=${CANARY}`, `export DB_PASSWORD=${CANARY}\n     "unclosed: [`) }, args: ['validate'], exit: 1, message: /bastion\.yml:14:1 YAML syntax error: All mapping items must start at the same column[\s\S]*bastion\.yml:17:1 YAML syntax error: Missing closing "quote/ },
  { name: 'YAML syntax error: unclosed flow list', files: { [WEB]: edit('min_size: 1', 'min_size: [1') }, args: ['validate'], exit: 1, message: /web\.yml:12:5 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \]/ },
  { name: 'tab indentation', files: { [WEB]: edit('    min_size: 1', '\tmin_size: 1') }, args: ['validate'], exit: 1, message: /web\.yml:11:1 YAML syntax error: Tabs are not allowed as indentation/ },
  { name: 'a field written twice', files: { [WEB]: edit('max_size: 2', 'max_size: 2\n    max_size: 3') }, args: ['validate'], exit: 1, message: /web\.yml:13:5 YAML syntax error: Map keys must be unique/ },
  { name: 'YAML merge key', files: { [WEB]: edit('    launch_template:\n', '    launch_template:\n      <<: {monitoring: true}\n') }, args: ['validate'], exit: 1, message: /web\.yml:9:7 merge key "<<" is not supported: Quartermaster definitions are plain YAML; write the fields out/ },
  { name: 'YAML anchor and alias work', files: { [WEB]: edit('min_size: 1\n    max_size: 2', 'min_size: &n 1\n    max_size: *n') }, args: ['plan', '--env', 'dev'], exit: 0, message: /~ autoscaling-group web \(dev-web\)\n\s+max_size: 2 -> 1\n/ },
  { name: 'YAML alias to no anchor', files: { [WEB]: edit('max_size: 2', 'max_size: *size') }, args: ['validate'], exit: 1, message: /web\.yml:12:15 alias \*size names no anchor: write &size on a value before it/ },
  { name: 'CloudFormation tag !Ref', files: { [WEB]: edit('instance_type: t3.micro', 'instance_type: !Ref InstanceType') }, args: ['validate'], exit: 1, message: /web\.yml:10:22 custom tag !Ref is not supported: Quartermaster definitions are plain YAML; write the value itself/ },
  { name: 'nested too deeply', files: { [EXTRA]: `resources:\n  - kind: instance\n    name: deep\n    tags: ${'['.repeat(3000)}${']'.repeat(3000)}\n` }, args: ['validate'], exit: 1, message: /extra\.yml:4:\d+ nested too deeply: more than 64 levels of lists and mappings/ },
  { name: 'two YAML documents in one file', files: { [EXTRA]: 'resources: []\n---\nresources: []\n' }, args: ['validate'], exit: 1, message: /extra\.yml:2:1 YAML syntax error: Source contains multiple documents; put each in its own file/ },
  { name: 'resources a mapping', files: { [WEB]: edit('resources:\n  - kind', 'resources:\n  web:\n    kind') }, args: ['validate'], exit: 1, message: /web\.yml:4:3 resources is a mapping, expected a list of resources, each a mapping with kind: instance, autoscaling-group or alarm/ },
  { name: 'resources key misspelt', files: { [WEB]: edit('resources:', 'resource:') }, args: ['validate'], exit: 1, message: /web\.yml:3:1 unknown field "resource" in environments\/dev\/web\.yml \(did you mean "resources"\?\)/ },
  { name: 'resources with no value', files: { [EXTRA]: 'resources:\n' }, args: ['validate'], exit: 1, message: /extra\.yml:1:1 resources is empty, expected a list of resources/ },
  { name: 'a resource file that is a list', files: { [EXTRA]: '- kind: instance\n  name: box\n' }, args: ['validate'], exit: 1, message: /extra\.yml:1:1 this file is a bare list; put the list under a top-level `resources:` key/ },
  { name: 'a resource item that is a string', files: { [EXTRA]: 'resources:\n  - bastion\n' }, args: ['validate'], exit: 1, message: /extra\.yml:2:5 resources\[0\] "bastion" is not a resource \(a mapping with kind, name and its fields\)/ },
  { name: 'a top-level field besides resources', files: { [WEB]: edit('resources:', 'region: us-east-1\nresources:') }, args: ['validate'], exit: 1, message: /web\.yml:3:1 unknown field "region" in environments\/dev\/web\.yml \(expected one of: resources\)/ },
  { name: 'a long bad value is not quoted whole', files: { [BASTION]: edit('role: bastion', `role: ${'x'.repeat(300)}${CANARY}`) }, args: ['validate'], exit: 1, message: /bastion\.yml:15:13 tags\.role "x{100,120}…" is not a string of at most 256 characters/ },
  { name: 'a .yaml resource file is read like .yml', files: { 'environments/dev/extra.yaml': 'resources:\n  - kind: instance\n    name: bastion\n    uuid: 5b0c3f1e-2d4a-4c6b-8e2f-1a2b3c4d5e6f\n    instance_type: t3.micro\n    ami: ami-0abcdef1234567890\n' }, args: ['validate'], exit: 1, message: /extra\.yaml:3:11 instance "bastion" is defined twice in environment dev \(first at environments\/dev\/bastion\.yml:5:11\)/ },
];
