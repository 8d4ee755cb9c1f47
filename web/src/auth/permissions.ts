export type Role = 'operator' | 'dispatcher' | 'analyst' | 'viewer';
export type IncidentAction = 'acknowledge' | 'dispatch' | 'resolve';

/** Which roles may take which incident action (the subgraphs enforce the same rule). */
const ACTION_ROLES: Record<IncidentAction, readonly Role[]> = {
  acknowledge: ['operator', 'dispatcher'],
  dispatch: ['dispatcher', 'operator'],
  resolve: ['operator'],
};

export function allowedActions(roles: readonly string[]): IncidentAction[] {
  return (Object.keys(ACTION_ROLES) as IncidentAction[]).filter((action) =>
    ACTION_ROLES[action].some((role) => roles.includes(role)),
  );
}
