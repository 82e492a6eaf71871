// AWS MSK IAM authentication: SASL OAUTHBEARER with a token signed by aws-msk-iam-sasl-signer-js (AWS's signer).
// The signer and the AWS SDK credential chain it pulls in are loaded only when an IAM cluster is used (dynamic
// import), so activation and every other connection never pay for them.
// Source: https://github.com/aws/aws-msk-iam-sasl-signer-js (generateAuthToken / generateAuthTokenFromProfile).

export interface MskIamOptions {
  region: string;
  /** Named profile of ~/.aws/config and ~/.aws/credentials; absent = the default credential chain. */
  awsProfile?: string;
}

/** A token provider for SaslSettings { mechanism: 'OAUTHBEARER' }: a fresh token per authentication. */
export function mskIamTokenProvider(options: MskIamOptions): () => Promise<string> {
  return async () => {
    const signer = await import('aws-msk-iam-sasl-signer-js');
    const result = options.awsProfile
      ? await signer.generateAuthTokenFromProfile({ region: options.region, awsProfileName: options.awsProfile })
      : await signer.generateAuthToken({ region: options.region });
    return result.token;
  };
}
