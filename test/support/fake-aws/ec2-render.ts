import type { FakeInstance, FakeRegion, FakeTemplate, FakeTemplateVersion } from './fake-state.js';
import { el, list, type XmlNode, type XmlValue } from './xml.js';

const STATE_CODE: Record<string, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

export function tagSet(tags: Record<string, string>): XmlNode {
  return list('tagSet', Object.entries(tags), 'item', ([k, v]) => [el('key', k), el('value', v)]);
}

export function instanceState(state: string): XmlNode[] {
  return [el('code', STATE_CODE[state] ?? 0), el('name', state)];
}

/** One `instancesSet` item, with the members DescribeInstances answers (names from the SDK's EC2 schema). */
export function instanceXml(region: FakeRegion, i: FakeInstance): XmlValue {
  const ip = `10.0.${parseInt(i.id.slice(-4, -2), 16) % 256}.${parseInt(i.id.slice(-2), 16) % 256}`;
  const arch = region.images.get(i.ami)?.architecture ?? 'x86_64';
  return [
    el('instanceId', i.id),
    el('imageId', i.ami),
    el('instanceState', instanceState(i.state)),
    el('privateDnsName', i.state === 'terminated' ? '' : `ip-${ip.replace(/\./g, '-')}.${region.name}.compute.internal`),
    el('dnsName', ''),
    el('reason', i.state === 'stopped' ? `User initiated (${i.launchTime.toISOString().slice(0, 19).replace('T', ' ')} GMT)` : ''),
    el('keyName', i.keyName),
    el('amiLaunchIndex', 0),
    el('productCodes', []),
    el('instanceType', i.instanceType),
    el('launchTime', i.launchTime),
    el('placement', [el('availabilityZone', i.availabilityZone), el('groupName', ''), el('tenancy', 'default')]),
    el('monitoring', [el('state', i.monitoring ? 'enabled' : 'disabled')]),
    el('subnetId', i.subnetId),
    el('vpcId', 'vpc-0a1b2c3d4e5f67890'),
    el('privateIpAddress', ip),
    el('sourceDestCheck', true),
    list('groupSet', i.securityGroupIds, 'item', (g) => [el('groupId', g), el('groupName', g === 'sg-default' ? 'default' : `sg-name-${g.slice(-4)}`)]),
    el('architecture', arch),
    el('rootDeviceType', 'ebs'),
    el('rootDeviceName', i.rootDeviceName),
    list('blockDeviceMapping', i.state === 'terminated' ? [] : [i], 'item', (x) => [
      el('deviceName', x.rootDeviceName),
      el('ebs', [el('volumeId', x.volumeId), el('status', 'attached'), el('attachTime', x.launchTime), el('deleteOnTermination', true)]),
    ]),
    el('virtualizationType', 'hvm'),
    el('clientToken', i.clientToken ?? ''),
    Object.keys(i.tags).length > 0 ? tagSet(i.tags) : el('tagSet', undefined),
    el('hypervisor', 'xen'),
    el('networkInterfaceSet', []),
    el('ebsOptimized', i.ebsOptimized),
    el('enaSupport', true),
  ];
}

/** Reservations in page order; consecutive instances of one reservation share an item. */
export function reservationSet(region: FakeRegion, instances: FakeInstance[]): XmlNode {
  const groups: FakeInstance[][] = [];
  for (const i of instances) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.reservationId === i.reservationId) last.push(i);
    else groups.push([i]);
  }
  return list('reservationSet', groups, 'item', (g) => reservationXml(region, g));
}

export function reservationXml(region: FakeRegion, instances: FakeInstance[]): XmlNode[] {
  return [
    el('reservationId', instances[0]?.reservationId ?? ''),
    el('ownerId', region.account),
    el('groupSet', []),
    list('instancesSet', instances, 'item', (i) => instanceXml(region, i)),
  ];
}

/** The launch template data as DescribeLaunchTemplateVersions answers it, from the request's names. */
export function templateDataXml(data: Record<string, unknown>): XmlNode[] {
  const bdm = (data.BlockDeviceMapping as { DeviceName?: string; Ebs?: Record<string, string> }[] | undefined) ?? [];
  const monitoring = data.Monitoring as { Enabled?: string } | undefined;
  return [
    el('imageId', data.ImageId as string | undefined),
    el('instanceType', data.InstanceType as string | undefined),
    el('keyName', data.KeyName as string | undefined),
    monitoring ? el('monitoring', [el('enabled', monitoring.Enabled === 'true')]) : el('monitoring', undefined),
    el('userData', data.UserData as string | undefined),
    data.SecurityGroupId ? list('securityGroupIdSet', data.SecurityGroupId as string[], 'item', (s) => s) : el('securityGroupIdSet', undefined),
    bdm.length > 0
      ? list('blockDeviceMappingSet', bdm, 'item', (m) => [
          el('deviceName', m.DeviceName),
          m.Ebs
            ? el('ebs', [
                el('encrypted', m.Ebs.Encrypted),
                el('deleteOnTermination', m.Ebs.DeleteOnTermination),
                el('iops', m.Ebs.Iops),
                el('volumeSize', m.Ebs.VolumeSize),
                el('volumeType', m.Ebs.VolumeType),
              ])
            : el('ebs', undefined),
        ])
      : el('blockDeviceMappingSet', undefined),
  ];
}

export function templateVersionXml(t: FakeTemplate, v: FakeTemplateVersion): XmlNode[] {
  return [
    el('launchTemplateId', t.id),
    el('launchTemplateName', t.name),
    el('versionNumber', v.number),
    el('createTime', v.createTime),
    el('createdBy', 'arn:aws:iam::123456789012:user/quartermaster'),
    el('defaultVersion', v.number === t.defaultVersion),
    el('launchTemplateData', templateDataXml(v.data)),
  ];
}

export function templateXml(t: FakeTemplate): XmlNode[] {
  return [
    el('launchTemplateId', t.id),
    el('launchTemplateName', t.name),
    el('createTime', t.createTime),
    el('createdBy', 'arn:aws:iam::123456789012:user/quartermaster'),
    el('defaultVersionNumber', t.defaultVersion),
    el('latestVersionNumber', Math.max(...t.versions.map((v) => v.number))),
    Object.keys(t.tags).length > 0 ? tagSet(t.tags) : el('tagSet', undefined),
  ];
}
