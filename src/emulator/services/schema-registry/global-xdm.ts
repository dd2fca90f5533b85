// The Adobe-defined (`global` container) XDM resources the emulator knows: the XDM Individual Profile class,
// the "Demographic Details" and "Personal Contact Details" field groups, and the behaviour, field group and
// data types they are built from. Field names, types and formats follow Adobe's XDM definitions
// (github.com/adobe/xdm: components/classes/profile, fieldgroups/profile/profile-person(al)-details,
// datatypes/person, person-name, demographic/{address,geo,emailaddress,phonenumber}, auditing/auditable,
// behaviors/record, fieldgroups/shared/identitymap), in the shape the registry API shows them: without the
// `xdm:` prefix, with `meta:xdmField` naming the original. Descriptions are abridged. The ExperienceEvent
// class (classes/experienceevent, behaviors/time-series) is here too, without its long eventType list.

import type { Json } from '../../records.js';
import { altIdOf, eTagOf } from './common.js';

export const PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const PERSON_DETAILS = 'https://ns.adobe.com/xdm/context/profile-person-details';
export const PERSONAL_DETAILS = 'https://ns.adobe.com/xdm/context/profile-personal-details';
export const EXPERIENCE_EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';
const RECORD = 'https://ns.adobe.com/xdm/data/record';
const TIME_SERIES = 'https://ns.adobe.com/xdm/data/time-series';
const AUDITABLE = 'https://ns.adobe.com/xdm/common/auditable';
const IDENTITY_MAP = 'https://ns.adobe.com/xdm/context/identitymap';
const PERSON = 'https://ns.adobe.com/xdm/context/person';
const PERSON_NAME = 'https://ns.adobe.com/xdm/context/person-name';
const ADDRESS = 'https://ns.adobe.com/xdm/common/address';
const GEO = 'https://ns.adobe.com/xdm/common/geo';
const EMAIL_ADDRESS = 'https://ns.adobe.com/xdm/context/emailaddress';
const PHONE_NUMBER = 'https://ns.adobe.com/xdm/context/phonenumber';

export const GLOBAL_LIB_VERSION = '1.27.4';
/** When the global library was "published": fixed, so that responses do not change from run to run. */
const PUBLISHED = 1635361816945;

export type GlobalResourceType = 'classes' | 'mixins' | 'datatypes' | 'behaviors';

type Scalar = 'string' | 'number' | 'integer' | 'boolean';

/** A leaf field; `meta:xdmType` follows the registry (`date`, `date-time`, `int`, `short`, …). */
function leaf(type: Scalar, title: string, description: string, extra: Json = {}): Json {
  let xdmType: string = type;
  if (type === 'string' && (extra['format'] === 'date' || extra['format'] === 'date-time')) xdmType = extra['format'];
  if (type === 'integer') xdmType = typeof extra['maximum'] === 'number' && extra['maximum'] <= 32767 ? 'short' : 'int';
  return { title, type, description, ...extra, 'meta:xdmType': xdmType };
}

const str = (title: string, description: string, extra: Json = {}) => leaf('string', title, description, extra);

/** An object property whose fields come from a data type. */
function ref(uri: string, title: string, description: string): Json {
  return { title, $ref: uri, description, type: 'object', 'meta:xdmType': 'object' };
}

/** Adds `meta:xdmField` (`xdm:firstName`, `@id`, `repo:createDate`) to each property. */
function named(prefix: string, properties: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(properties)) {
    const original = key === '_id' ? '@id' : key.startsWith('_') ? key.slice(1) : `${prefix}:${key}`;
    out[key] = { ...value, 'meta:xdmField': original };
  }
  return out;
}

const STATUS_ENUM = { active: 'Active', incomplete: 'Incomplete', pending_verification: 'Pending verification', blacklisted: 'Blacklisted', blocked: 'Blocked' };

function resource(
  $id: string,
  resourceType: GlobalResourceType,
  title: string,
  description: string,
  definitions: Record<string, Record<string, Json>>,
  extra: { allOf?: string[]; extends?: string[]; intendedToExtend?: string[]; abstract?: boolean } = {},
): Json {
  const allOf = [...(extra.allOf ?? []), ...Object.keys(definitions).map((name) => `#/definitions/${name}`)];
  const out: Json = {
    $id,
    'meta:altId': altIdOf($id),
    'meta:resourceType': resourceType,
    version: GLOBAL_LIB_VERSION,
    title,
    type: 'object',
    description,
    definitions: Object.fromEntries(Object.entries(definitions).map(([name, properties]) => [name, { properties }])),
    allOf: allOf.map(($ref) => ({ $ref, type: 'object', 'meta:xdmType': 'object' })),
    ...(extra.extends && { 'meta:extends': extra.extends }),
    'meta:extensible': true,
    'meta:abstract': extra.abstract ?? true,
    ...(extra.intendedToExtend && { 'meta:intendedToExtend': extra.intendedToExtend }),
    'meta:xdmType': 'object',
    'meta:status': 'stable',
    $schema: 'http://json-schema.org/draft-06/schema#',
    'meta:containerId': 'global',
  };
  out['meta:registryMetadata'] = {
    'repo:createdDate': PUBLISHED,
    'repo:lastModifiedDate': PUBLISHED,
    eTag: eTagOf(out),
    'meta:globalLibVersion': GLOBAL_LIB_VERSION,
  };
  return out;
}

const record = resource(RECORD, 'behaviors', 'Record Schema', 'Used to indicate the behavior of record data semantic when composed into data schemas.', {
  record: named('xdm', { _id: str('Identifier', 'A unique identifier for the record.', { format: 'uri-reference' }) }),
});

const timeSeries = resource(TIME_SERIES, 'behaviors', 'Time-series Schema', 'Used to indicate the behavior of time partitioned semantics when composed into data schemas.', {
  'time-series': named('xdm', {
    _id: str('Identifier', 'A unique identifier for the time-series event.', { format: 'uri-reference' }),
    timestamp: str('Timestamp', 'The time when an event or observation occurred.', { format: 'date-time' }),
  }),
});

const auditable = resource(AUDITABLE, 'datatypes', 'Audit trail', 'Indicates a data record is auditable: who and when the record was created and last modified.', {
  auditlog: named('xdm', {
    repositoryCreatedBy: str('Created by user identifier', 'User ID of who created the record.'),
    repositoryLastModifiedBy: str('Modified by user identifier', 'User ID of who last modified the record.'),
    createdByBatchID: str('Created by batch identifier', 'The dataset files in Catalog which originated the creation of the record.', { format: 'uri-reference' }),
    modifiedByBatchID: str('Modified by batch identifier', 'The last dataset files in Catalog which modified the record.', { format: 'uri-reference' }),
  }),
  'date-properties': {
    _repo: {
      type: 'object',
      'meta:xdmType': 'object',
      'meta:xdmField': 'repo',
      properties: named('repo', {
        createDate: str('Create date', 'The server date and time when the resource was created in the repository.', { format: 'date-time', examples: ['2004-10-23T12:00:00-06:00'] }),
        modifyDate: str('Modify date', 'The server date and time when the resource was last modified in the repository.', { format: 'date-time', examples: ['2004-10-23T12:00:00-06:00'] }),
      }),
    },
  },
});

const identityMap = resource(
  IDENTITY_MAP,
  'mixins',
  'IdentityMap',
  'A map of end user identities, keyed on the identity namespace code; each value is an array of identities of that namespace.',
  {
    identitymap: named('xdm', {
      identityMap: {
        title: 'Identity map',
        type: 'object',
        'meta:xdmType': 'map',
        description: 'Identities of the subject, keyed by namespace code.',
        additionalProperties: {
          type: 'array',
          items: {
            title: 'Identity',
            type: 'object',
            'meta:xdmType': 'object',
            properties: named('xdm', {
              id: str('Identifier', 'Identity of the consumer in the related namespace.'),
              authenticatedState: str('Authenticated state', 'The state this identity is authenticated as for this observed ExperienceEvent.', {
                enum: ['ambiguous', 'authenticated', 'loggedOut'],
                default: 'ambiguous',
              }),
              primary: leaf('boolean', 'Primary', 'Indicates this identity is the preferred identity.', { default: false }),
            }),
          },
        },
      },
    }),
  },
  { intendedToExtend: [] },
);

const profile = resource(
  PROFILE_CLASS,
  'classes',
  'XDM Individual Profile',
  'A singular representation of the attributes and interests of both identified and partially-identified individuals.',
  { profile: named('xdm', { personID: str('Person ID', 'Unique identifier of Person/Profile fragment.') }) },
  { allOf: [RECORD, AUDITABLE, IDENTITY_MAP], extends: [RECORD, AUDITABLE, IDENTITY_MAP, 'https://ns.adobe.com/xdm/common/extensible'] },
);

const experienceEvent = resource(
  EXPERIENCE_EVENT_CLASS,
  'classes',
  'XDM ExperienceEvent',
  'A fact record of what occurred, including the point in time and identity of the individual involved.',
  {
    experienceevent: named('xdm', {
      eventMergeId: str('ExperienceEvent merge ID', 'An ID to correlate or merge multiple Experience events that are essentially the same event.'),
      eventType: str('Event Type', 'The primary event type for this time-series record.'),
    }),
  },
  { allOf: [IDENTITY_MAP, TIME_SERIES], extends: [TIME_SERIES, IDENTITY_MAP, 'https://ns.adobe.com/xdm/common/extensible'] },
);

const personName = resource(PERSON_NAME, 'datatypes', 'Person name', 'Full name of a person.', {
  personname: named('xdm', {
    fullName: str('Full name', 'The full name of the person, in the writing order most commonly accepted in the language of the name.'),
    firstName: str('First name', 'The first segment of the name in the writing order most commonly accepted in the language of the name.'),
    middleName: str('Middle name', 'Middle, alternative, or additional names supplied between the first name and last name.'),
    lastName: str('Last name', 'The last segment of the name in the writing order most commonly accepted in the language of the name.'),
    courtesyTitle: str('Courtesy title', 'An abbreviation of a person\'s title, honorific, or salutation, e.g. Mr., Miss. or Dr.'),
    suffix: str('Suffix', 'Letters provided after a person\'s name, e.g. Jr., Sr., M.D., PhD.'),
  }),
}, { abstract: false });

const person = resource(PERSON, 'datatypes', 'Person', 'An individual person. May represent a person acting in various roles, such as a customer, contact, or owner.', {
  person: named('xdm', {
    name: ref(PERSON_NAME, 'Full name', 'The person\'s full name.'),
    birthDate: str('Birth date', 'The full date a person was born.', { format: 'date' }),
    birthDayAndMonth: str('Birth date (MM-DD Format)', 'The day and month a person was born, in the format MM-DD.', { pattern: '[0-1][0-9]-[0-9][0-9]' }),
    birthYear: leaf('integer', 'Birth year', 'The year a person was born including the century, for example, 1983.', { minimum: 1, maximum: 32767 }),
    gender: str('Gender', 'Gender identity of the person.', {
      enum: ['male', 'female', 'not_specified', 'non_specific'],
      'meta:enum': { male: 'Male', female: 'Female', not_specified: 'Not Specified', non_specific: 'Non-specific' },
      default: 'not_specified',
    }),
    maritalStatus: str('Marital Status', 'Describes a person\'s relationship with a significant other.', {
      enum: ['married', 'single', 'divorced', 'widowed', 'not_specified'],
      'meta:enum': { married: 'Married', single: 'Single', divorced: 'Divorced', widowed: 'Widowed', not_specified: 'Not Specified' },
      default: 'not_specified',
    }),
    nationality: str('Nationality', 'The ISO 3166-1 Alpha-2 code of the person\'s nationality.', { pattern: '^[A-Z]{2}$' }),
    taxId: str('Tax ID', 'The Tax / Fiscal ID of the person.'),
  }),
}, { abstract: false });

const geo = resource(GEO, 'datatypes', 'Geo', 'Geographic data: coordinates, country, state or province, city, postal code.', {
  geocoordinates: {
    _schema: {
      type: 'object',
      'meta:xdmType': 'object',
      'meta:xdmField': 'schema',
      properties: named('schema', {
        description: str('Description', 'A description of what the coordinates identify.'),
        latitude: leaf('number', 'Latitude', 'The signed vertical coordinate of a geographic point.', { minimum: -90, maximum: 90 }),
        longitude: leaf('number', 'Longitude', 'The signed horizontal coordinate of a geographic point.', { minimum: -180, maximum: 180 }),
        elevation: leaf('number', 'Elevation', 'The specific elevation of the defined coordinate, in meters.'),
      }),
    },
  },
  geo: named('xdm', {
    countryCode: str('Country code', 'The two-character ISO 3166-1 alpha-2 code for the country.', { pattern: '^[A-Z]{2}$' }),
    stateProvince: str('State or province', 'The state or province portion of the observation, in ISO 3166-2 format.', { pattern: '([A-Z]{2}-[A-Z0-9]{1,3}|)' }),
    city: str('City', 'The name of the city.'),
    postalCode: str('Postal code', 'The postal code of the location.'),
    dmaID: leaf('integer', 'Designated market area', 'The Nielsen media research designated market area.'),
    msaID: leaf('integer', 'Metropolitan statistical area', 'The metropolitan statistical area in the United States.'),
  }),
}, { abstract: false });

const address = resource(ADDRESS, 'datatypes', 'Postal address', 'A postal address: a person\'s home, work, or preferred store location.', {
  address: named('xdm', {
    primary: leaf('boolean', 'Primary', 'Primary address indicator.'),
    label: str('Label', 'Free form name of the address.'),
    street1: str('Street 1', 'Primary street level information, apartment number, street number, and street name.'),
    street2: str('Street 2', 'Optional street information second line.'),
    street3: str('Street 3', 'Optional street information third line.'),
    street4: str('Street 4', 'Optional street information fourth line.'),
    region: str('Region', 'The region, county, or district portion of the address.'),
    postOfficeBox: str('Post office box', 'Post office box of the address.', { maxLength: 20 }),
    country: str('Country', 'The name of the government-administered territory, free form.'),
    state: str('State', 'The name of the State, free form.'),
    status: str('Status', 'An indication as to the ability to use the address.', { default: 'active', 'meta:enum': STATUS_ENUM }),
    statusReason: str('Status reason', 'A description of the current status.'),
    lastVerifiedDate: str('Last verified date', 'The date that the address was last verified as still associated to the person.', { format: 'date' }),
  }),
}, { allOf: [GEO], extends: [GEO], abstract: false });

const emailAddress = resource(EMAIL_ADDRESS, 'datatypes', 'Email address', 'A standard email address.', {
  emailaddress: named('xdm', {
    primary: leaf('boolean', 'Primary', 'Primary email indicator.'),
    address: str('Address', 'The technical address, for example, name@domain.com, as defined in RFC2822.', { format: 'email' }),
    label: str('Label', 'Additional display information, e.g. the name part of a rich address.'),
    type: str('Type', 'The way the account relates to the person, e.g. work or personal.', { 'meta:enum': { unknown: 'Unknown', personal: 'Personal', work: 'Work', education: 'Education' } }),
    status: str('Status', 'An indication as to the ability to use the email address.', { default: 'active', 'meta:enum': STATUS_ENUM }),
    statusReason: str('Status reason', 'A description of the current status.'),
  }),
}, { abstract: false });

const phoneNumber = resource(PHONE_NUMBER, 'datatypes', 'Phone number', 'Information that enables the contact of a person with a phone.', {
  phonenumber: named('xdm', {
    primary: leaf('boolean', 'Primary', 'Primary phone number indicator.'),
    countryCode: str('Country Calling Code', 'Country calling code (CC) as defined by E.164.', { minLength: 1, maxLength: 3, pattern: '^[0-9]{1,3}?$' }),
    number: str('Number', 'The phone number, possibly with brackets, hyphens or an extension.'),
    extension: str('Extension', 'The internal dialing number used to call from a private exchange.'),
    status: str('Status', 'An indication as to the ability to use the phone number.', { default: 'active', 'meta:enum': { active: 'Active', incomplete: 'Incomplete', blacklisted: 'Blacklisted', blocked: 'Blocked' } }),
    statusReason: str('Status reason', 'A description of the current status.'),
    validity: str('Validity', 'A level of technical correctness of the phone number.', {
      'meta:enum': { consistent: 'Consistent', inconsistent: 'Inconsistent', incomplete: 'Incomplete', successfullyUsed: 'Successfully used' },
    }),
  }),
}, { abstract: false });

const personDetails = resource(
  PERSON_DETAILS,
  'mixins',
  'Demographic Details',
  'Demographic information such as name, gender, and birth date of an individual.',
  { 'profile-person-details': named('xdm', { person: ref(PERSON, 'Person', 'An individual actor, contact, or owner.') }) },
  { intendedToExtend: [PROFILE_CLASS] },
);

const personalDetails = resource(
  PERSONAL_DETAILS,
  'mixins',
  'Personal Contact Details',
  'Contact information for an individual person such as home address, phone number, fax, and email.',
  {
    'profile-personal-details': named('xdm', {
      homeAddress: ref(ADDRESS, 'Home address', 'A home postal address.'),
      personalEmail: ref(EMAIL_ADDRESS, 'Personal email', 'A personal email address.'),
      homePhone: ref(PHONE_NUMBER, 'Home phone', 'Home phone number.'),
      mobilePhone: ref(PHONE_NUMBER, 'Mobile phone', 'Mobile phone number.'),
      faxPhone: ref(PHONE_NUMBER, 'Fax phone', 'Fax phone number.'),
    }),
  },
  { intendedToExtend: [PROFILE_CLASS, EXPERIENCE_EVENT_CLASS] },
);

/** Every global resource, deeply frozen: handlers copy before changing anything. */
export const GLOBAL_RESOURCES: readonly Json[] = [profile, experienceEvent, personDetails, personalDetails, identityMap, record, timeSeries, auditable, person, personName, address, geo, emailAddress, phoneNumber].map(
  (r) => deepFreeze(r),
);

const byId = new Map<string, Json>();
for (const r of GLOBAL_RESOURCES) {
  byId.set(r['$id'] as string, r);
  byId.set(r['meta:altId'] as string, r);
}

/** A global resource by `$id` or `meta:altId`. */
export function findGlobal(idOrAltId: string): Json | undefined {
  return byId.get(idOrAltId);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
