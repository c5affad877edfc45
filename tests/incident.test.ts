import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidIncidentError, parseIncident, parseIncidentText } from '../src/index.js';

const fixture = (name: string) => `tests/fixtures/incidents/${name}`;

describe('parseIncident', () => {
  it('keeps known facts and treats absent or null facts as unknown, never false', () => {
    const incident = parseIncident({
      people: [{ role: 'staff', involvement: 'subject' }],
      activities: ['sending-offensive-message'],
      facts: { deliberate: true, reported: null },
    });
    expect(incident.facts).toEqual({ deliberate: true });
    expect('reported' in incident.facts).toBe(false);
    expect('previous-warnings' in incident.facts).toBe(false);
  });

  it('keeps a fact known to be false', () => {
    const incident = parseIncident({ activities: ['sending-offensive-message'], facts: { deliberate: false } });
    expect(incident.facts).toEqual({ deliberate: false });
  });

  it('returns every problem with its path, with hints for misspelt terms', () => {
    let error: unknown;
    try {
      parseIncident({
        people: [{ role: 'teacher', involvement: 'subject' }],
        activities: ['sending-ofensive-message'],
        facts: { deliberat: true },
        colour: 'red',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidIncidentError);
    const issues = (error as InvalidIncidentError).issues.map((i) => `${i.path.join('.')}: ${i.message}`).sort();
    expect(issues).toEqual([
      'activities.0: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)',
      'colour: unknown field "colour"',
      'facts.deliberat: unknown fact "deliberat" (did you mean "deliberate"?)',
      'people.0.role: unknown role "teacher" (did you mean "staff"?)', // "teacher" is an alias of staff
    ]);
  });

  it('requires at least one activity', () => {
    expect(() => parseIncident({ activities: [] })).toThrow(/at least one activity/);
  });
});

describe('parseIncidentText', () => {
  it('parses a YAML incident file', () => {
    const incident = parseIncidentText(readFileSync(fixture('teacher-texts-pupil.yaml'), 'utf8'), 'teacher-texts-pupil.yaml');
    expect(incident.id).toBe('INC-2026-0142');
    expect(incident.people).toHaveLength(2);
  });

  it('points every problem at its line and column', () => {
    const file = fixture('bad-terms.yaml');
    let error: unknown;
    try {
      parseIncidentText(readFileSync(file, 'utf8'), file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidIncidentError);
    const where = (error as InvalidIncidentError).issues.map((i) => `${i.line}:${i.column} ${i.path.join('.')}`).sort();
    expect(where).toEqual(['10:1 colour', '3:11 people.0.role', '6:5 activities.0', '8:3 facts.deliberat', '9:13 facts.reported']);
  });
});
