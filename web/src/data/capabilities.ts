import type { Client } from 'urql';
import { gql } from 'urql';

export interface Capabilities {
  readonly queryFields: ReadonlySet<string>;
  readonly mutationFields: ReadonlySet<string>;
  readonly subscriptionFields: ReadonlySet<string>;
}

export const NO_CAPABILITIES: Capabilities = {
  queryFields: new Set(),
  mutationFields: new Set(),
  subscriptionFields: new Set(),
};

const ROOT_FIELDS = gql`
  query ConsoleCapabilities {
    __schema {
      queryType { fields { name } }
      mutationType { fields { name } }
      subscriptionType { fields { name } }
    }
  }
`;

type Root = { fields: { name: string }[] } | null;

/** Which root fields the gateway has now: pending features turn on when theirs appear. */
export async function loadCapabilities(client: Client): Promise<Capabilities> {
  const result = await client.query(ROOT_FIELDS, {}).toPromise();
  const schema = (result.data as { __schema?: Record<string, Root> } | undefined)?.__schema;
  if (!schema) return NO_CAPABILITIES;
  const names = (root: Root) => new Set((root?.fields ?? []).map((f) => f.name));
  return {
    queryFields: names(schema.queryType ?? null),
    mutationFields: names(schema.mutationType ?? null),
    subscriptionFields: names(schema.subscriptionType ?? null),
  };
}
