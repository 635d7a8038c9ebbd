/**
 * Hand-written definitions in every YAML style the loader must read alike: anchors and aliases,
 * flow mappings and lists, quoted and plain scalars, block scalars of each chomping, comments
 * between everything, CRLF line ends, a byte-order mark, an empty file, a yaml extension.
 */
const UUIDS = {
  a: '0b0c6f62-6d0e-4a3f-9a51-6f1f8f0e0001',
  b: '0b0c6f62-6d0e-4a3f-9a51-6f1f8f0e0002',
  c: '0b0c6f62-6d0e-4a3f-9a51-6f1f8f0e0003',
  d: '0b0c6f62-6d0e-4a3f-9a51-6f1f8f0e0004',
  e: '0b0c6f62-6d0e-4a3f-9a51-6f1f8f0e0005',
  f: '0b0c6f62-6d0e-4a3f-9a51-6f1f8f0e0006',
};

export const VARIETY_FILES: Record<string, string> = {
  'environments/variety/environment.yml': `# Every style at once.
region: "us-east-1"
account_id: '123456789012'
default_tags: { team: variety, "cost-center": 'cc-42' }
default_subnets: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2]
default_security_groups:
  - sg-0aaaaaaaaaaaaaaa1   # the default
default_key_name: variety-ops
`,
  'environments/variety/anchors.yml': `resources:
  - kind: instance
    name: "quoted-name"
    uuid: '${UUIDS.a}'
    instance_type: t3.micro
    ami: ami-0abcdef1234567890
    security_groups: &sgs [sg-0aaaaaaaaaaaaaaa1, "sg-0aaaaaaaaaaaaaaa2"]
    tags: &tags { role: "web", tier: front }
    user_data: >-
      folded
      into one line

  - { kind: instance, name: flow-one, uuid: ${UUIDS.b}, instance_type: t3.small, ami: ami-0abcdef1234567890, security_groups: *sgs, tags: *tags, monitoring: true }

  - kind: instance
    # a comment between fields
    name: kept
    uuid: ${UUIDS.c}
    instance_type: m5.large
    ami: ami-0abcdef1234567890
    subnet: subnet-0aaaaaaaaaaaaaaa2
    state: stopped
    ebs_optimized: true
    root_volume: { size_gib: 40, type: io1, iops: 3000 }
    user_data: |+
      #!/bin/sh
      echo kept

`,
  'environments/variety/groups.yaml': '\uFEFF' + [
    'resources:',
    '  - kind: autoscaling-group',
    '    name: workers',
    `    uuid: ${UUIDS.d}`,
    '    launch_template:',
    '      ami: ami-0abcdef1234567890',
    '      instance_type: t3.medium',
    '      user_data: |-',
    '        #!/bin/bash',
    '        run-worker --queue jobs',
    '    min_size: 1',
    '    max_size: 4',
    '    scaling_policies:',
    '      - metric: ASGAverageCPUUtilization',
    '        target_value: 55.5',
    '        disable_scale_in: true',
    '    tags: {role: worker}',
    '',
  ].join('\r\n'),
  'environments/variety/alarms.yml': `resources:
- kind: alarm
  name: kept-status
  uuid: ${UUIDS.e}
  target: { instance: kept }
  metric: StatusCheckFailed_System
  statistic: Maximum
  period_seconds: 60
  evaluation_periods: 3
  datapoints_to_alarm: 2
  threshold: 1
  comparison: GreaterThanOrEqualToThreshold
  treat_missing_data: notBreaching
  alarm_actions: ["arn:aws:automate:us-east-1:ec2:recover"]
  description: "Kept is unwell:\\n recover it"
- kind: alarm
  name: workers-hot
  uuid: ${UUIDS.f}
  target:
    autoscaling_group: workers
  metric: CPUUtilization
  threshold: 90.0
  comparison: GreaterThanThreshold
  dimensions: { Extra: "yes" }
`,
  'environments/variety/empty.yml': '# nothing here yet\n',
};
