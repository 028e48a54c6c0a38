// Minimal SSM Parameter Store (JSON 1.1, `AmazonSSM.*`): PutParameter, GetParameter, GetParameters.
// SecureString values come back as an opaque blob unless WithDecryption is true, as in AWS.
import type { CredentialRegistry } from './credentials';
import type { RunningServer } from './http-server';
import { JsonServiceError, startJsonService } from './json-protocol';

interface StoredParameter {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  LastModifiedDate: number;
}

export class ParameterStore {
  readonly parameters = new Map<string, StoredParameter>();

  put(name: string, value: string, type: StoredParameter['Type'] = 'SecureString'): StoredParameter {
    const parameter = { Name: name, Type: type, Value: value, Version: (this.parameters.get(name)?.Version ?? 0) + 1, LastModifiedDate: Date.now() / 1000 };
    this.parameters.set(name, parameter);
    return parameter;
  }
}

export function startSsmServer(store: ParameterStore, registry: CredentialRegistry, region: string): Promise<RunningServer> {
  const shape = (parameter: StoredParameter, decrypt: boolean, accountId: string) => ({
    ...parameter,
    Value: parameter.Type === 'SecureString' && !decrypt ? Buffer.from(`kms:${parameter.Value}`).toString('base64') : parameter.Value,
    ARN: `arn:aws:ssm:${region}:${accountId}:parameter/${parameter.Name.replace(/^\//, '')}`,
    DataType: 'text',
  });
  return startJsonService('AmazonSSM', {
    PutParameter: (input) => {
      const name = String(input.Name ?? '');
      if (store.parameters.has(name) && input.Overwrite !== true) throw new JsonServiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      const type = (input.Type ?? 'String') as StoredParameter['Type'];
      return { Version: store.put(name, String(input.Value ?? ''), type).Version, Tier: 'Standard' };
    },
    GetParameter: (input, caller) => {
      const parameter = store.parameters.get(String(input.Name ?? ''));
      if (!parameter) throw new JsonServiceError('ParameterNotFound', '');
      return { Parameter: shape(parameter, input.WithDecryption === true, caller.accountId) };
    },
    GetParameters: (input, caller) => {
      const names = Array.isArray(input.Names) ? input.Names.map(String) : [];
      const found = names.flatMap((name) => store.parameters.get(name) ?? []);
      return {
        Parameters: found.map((parameter) => shape(parameter, input.WithDecryption === true, caller.accountId)),
        InvalidParameters: names.filter((name) => !store.parameters.has(name)),
      };
    },
  }, registry);
}
