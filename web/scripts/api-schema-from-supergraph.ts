import { Kind, parse, print, visit, type DirectiveNode, type DefinitionNode } from 'graphql';

const isFederation = (name: string) => name.startsWith('join__') || name.startsWith('link__');
const FEDERATION_DIRECTIVES = new Set(['link', 'inaccessible', 'tag', 'authenticated']);

function hidden(directives: readonly DirectiveNode[] | undefined): boolean {
  return (directives ?? []).some((d) => d.name.value === 'inaccessible');
}

/**
 * The API schema of a supergraph: no join__/link__ types or directives, no @inaccessible
 * elements, no schema definition (root types keep their default names).
 */
export function apiSchemaFromSupergraph(supergraphSdl: string): string {
  const doc = parse(supergraphSdl);
  const definitions = doc.definitions.filter((d: DefinitionNode) => {
    if (d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION) return false;
    if (d.kind === Kind.DIRECTIVE_DEFINITION)
      return !isFederation(d.name.value) && !FEDERATION_DIRECTIVES.has(d.name.value);
    if ('name' in d && d.name && isFederation(d.name.value)) return false;
    if ('directives' in d && hidden(d.directives)) return false;
    return true;
  });
  const stripped = visit(
    { ...doc, definitions },
    {
      Directive: (node) =>
        isFederation(node.name.value) || FEDERATION_DIRECTIVES.has(node.name.value)
          ? null
          : undefined,
      FieldDefinition: (node) => (hidden(node.directives) ? null : undefined),
      InputValueDefinition: (node) => (hidden(node.directives) ? null : undefined),
      EnumValueDefinition: (node) => (hidden(node.directives) ? null : undefined),
    },
  );
  return print(stripped) + '\n';
}
