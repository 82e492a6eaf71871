import assert from 'node:assert/strict';
import {
  connectionId,
  connectionToSetting,
  describeSecurity,
  parseBootstrap,
  readConnections,
  secretKey,
  securityProtocol,
  validateAwsRegion,
  validateConnectionName,
} from '../../src/core/connectionConfig';

describe('connection validation (pure)', () => {
  it('parses bootstrap lists and names the bad item', () => {
    assert.deepEqual(parseBootstrap(' a:9092, b.example:9094 [::1]:9092'), ['a:9092', 'b.example:9094', '[::1]:9092']);
    assert.throws(() => parseBootstrap(''), /No bootstrap server given/);
    assert.throws(() => parseBootstrap('a:9092,b'), /"b" is not host:port/);
    assert.throws(() => parseBootstrap('a:70000'), /"a:70000" is not host:port/);
    assert.throws(() => parseBootstrap('a:1,a:1'), /listed twice/);
  });

  it('validates names, regions', () => {
    assert.equal(validateConnectionName('prod', ['dev']), undefined);
    assert.match(validateConnectionName('  ', []) ?? '', /Give the cluster a name/);
    assert.match(validateConnectionName('Prod', ['prod']) ?? '', /already exists/);
    assert.match(validateConnectionName('x'.repeat(81), []) ?? '', /at most 80/);
    assert.equal(validateAwsRegion('us-east-1'), undefined);
    assert.equal(validateAwsRegion('us-gov-west-1'), undefined);
    assert.match(validateAwsRegion('useast1') ?? '', /not an AWS region/);
  });

  it('reads the shareable setting and names the entry and field of each error', () => {
    const list = readConnections([
      { name: 'a', bootstrap: 'h:1,h:2' },
      {
        name: 'b',
        bootstrap: ['h:3'],
        tls: { caFile: '/ca.pem' },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice' },
        brokerType: 'kafka.m5.large',
      },
      { name: 'c', bootstrap: 'h:4', tls: {}, sasl: { mechanism: 'AWS_MSK_IAM', region: 'eu-west-1', awsProfile: 'ops' } },
    ]);
    assert.deepEqual(list[0], { name: 'a', bootstrap: ['h:1', 'h:2'] });
    assert.equal(securityProtocol(list[0]), 'PLAINTEXT');
    assert.equal(securityProtocol(list[1]), 'SASL_SSL');
    assert.equal(describeSecurity(list[1]), 'SASL_SSL · SCRAM-SHA-512 as alice');
    assert.equal(describeSecurity(list[2]), 'SASL_SSL · MSK IAM (eu-west-1)');
    assert.equal(connectionId(list[0]), 'live:h:1,h:2');
    assert.throws(() => readConnections([{ name: 'a', bootstrap: 'nope' }]), /\$\[0\]\.bootstrap: Bootstrap server "nope"/);
    assert.throws(
      () =>
        readConnections([
          { name: 'a', bootstrap: 'h:1' },
          { name: 'A', bootstrap: 'h:2' },
        ]),
      /\$\[1\]\.name: the name "A" is used twice/,
    );
    assert.throws(
      () => readConnections([{ name: 'a', bootstrap: 'h:1', sasl: { mechanism: 'GSSAPI', username: 'x' } }]),
      /\$\[0\]\.sasl\.mechanism: expected one of/,
    );
    assert.throws(() => readConnections([{ name: 'a', bootstrap: 'h:1', tls: { certFile: '/c' } }]), /needs both certFile and keyFile/);
    assert.throws(() => readConnections([{ name: 'a', bootstrap: 'h:1', sasl: { mechanism: 'AWS_MSK_IAM' } }]), /\$\[0\]\.sasl\.region/);
  });

  it('refuses secrets in settings and never writes one', () => {
    assert.throws(
      () => readConnections([{ name: 'a', bootstrap: 'h:1', sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } }]),
      /\$\[0\]\.sasl\.password: secrets do not belong in settings/,
    );
    const written = JSON.stringify(
      connectionToSetting({
        name: 'a',
        bootstrap: ['h:1'],
        sasl: { mechanism: 'PLAIN', username: 'u', password: 'hunter2' } as never,
        tls: { skipVerification: true },
      }),
    );
    assert.ok(!written.includes('hunter2'), written);
    assert.equal(written, '{"name":"a","bootstrap":"h:1","tls":{"skipVerification":true},"sasl":{"mechanism":"PLAIN","username":"u"}}');
    assert.equal(secretKey('live:h:1', 'saslPassword'), 'kafkaPlanner.connection/live:h:1/saslPassword');
  });

  it('round-trips the setting form', () => {
    const config = {
      name: 'b',
      bootstrap: ['h:3'],
      tls: { caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' },
      sasl: { mechanism: 'SCRAM-SHA-256' as const, username: 'bob' },
    };
    assert.deepEqual(readConnections([connectionToSetting(config)]), [config]);
  });
});
