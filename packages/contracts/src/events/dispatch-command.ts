import { Type, type Static } from '@sinclair/typebox';
import { envelopeFields, eventObject, id, latitude, longitude, stringEnum } from '../common.js';
import { SEVERITIES } from './incident.js';

export const DispatchCommandSchema = eventObject(
  {
    ...envelopeFields,
    commandId: Type.String({ format: 'uuid', description: 'Id of this command.' }),
    unitId: id(
      'Unit ordered to respond; the Kafka message key, so one unit sees its commands in order.',
    ),
    incidentId: id('Incident to respond to.'),
    latitude: latitude('Destination latitude (the incident location).'),
    longitude: longitude('Destination longitude (the incident location).'),
    priority: stringEnum(SEVERITIES, 'Response priority (the incident severity).'),
    issuedBy: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Operator who issued the command.',
    }),
  },
  {
    $id: 'dispatch_commands.v1',
    title: 'DispatchCommand',
    description: 'An order from the platform to an emergency unit to drive to an incident.',
  },
);
export type DispatchCommand = Static<typeof DispatchCommandSchema>;
