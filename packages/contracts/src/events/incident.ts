import { Type, type Static } from '@sinclair/typebox';
import {
  envelopeFields,
  eventObject,
  id,
  latitude,
  longitude,
  segmentId,
  stringEnum,
} from '../common.js';

export const INCIDENT_TYPES = [
  'accident',
  'fire',
  'medical',
  'crime',
  'hazmat',
  'breakdown',
] as const;
export const INCIDENT_STATUSES = [
  'reported',
  'acknowledged',
  'dispatched',
  'en_route',
  'on_scene',
  'resolved',
  'cancelled',
] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const BUILDING_TYPES = [
  'residential',
  'commercial',
  'industrial',
  'high_rise',
  'school',
  'hospital',
  'vehicle',
  'outdoor',
] as const;

const count = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description }));

/** Facts from which the emergencies pipeline judges severity; each applies to some incident types. */
export const IncidentDetailsSchema = Type.Object(
  {
    injuries: count('People injured.'),
    fatalities: count('People killed.'),
    vehiclesInvolved: count('Vehicles involved (accidents, breakdowns).'),
    peopleTrapped: count('People trapped (accidents, fires).'),
    lanesBlocked: count('Traffic lanes blocked.'),
    buildingType: Type.Optional(
      stringEnum(BUILDING_TYPES, 'What is burning or affected (fires, hazmat).'),
    ),
    hazardousMaterial: Type.Optional(Type.Boolean({ description: 'Hazardous material involved.' })),
    weaponsReported: Type.Optional(Type.Boolean({ description: 'Weapons reported (crimes).' })),
    patientConscious: Type.Optional(
      Type.Boolean({ description: 'Patient conscious (medical calls).' }),
    ),
  },
  { additionalProperties: false },
);

export const IncidentEventSchema = eventObject(
  {
    ...envelopeFields,
    incidentId: id('Incident id; the Kafka message key.'),
    type: stringEnum(INCIDENT_TYPES, 'Kind of incident.'),
    status: stringEnum(INCIDENT_STATUSES, 'Lifecycle status at the time of this event.'),
    latitude: latitude(),
    longitude: longitude(),
    segmentId: Type.Optional(segmentId('Road segment id, when on the road network.')),
    description: Type.String({ maxLength: 2000, description: 'Free text from the reporter.' }),
    details: IncidentDetailsSchema,
    severity: Type.Optional(
      stringEnum(
        SEVERITIES,
        'Severity when the reporter states one; otherwise the pipeline judges it.',
      ),
    ),
    reportedBy: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Reporting device, caller or operator.',
    }),
  },
  {
    $id: 'emergency_incident_data.v1',
    title: 'IncidentEvent',
    description: 'An emergency incident report or status change.',
  },
);
export type IncidentEvent = Static<typeof IncidentEventSchema>;
