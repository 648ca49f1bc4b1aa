import { toUtcIsoString } from '../../nodes/shared/dates';

describe('toUtcIsoString', () => {
	test('keeps a UTC timestamp', () => {
		expect(toUtcIsoString('2026-03-10T00:00:00.000Z', 'Europe/Berlin')).toBe(
			'2026-03-10T00:00:00.000Z',
		);
	});

	test('applies an explicit offset', () => {
		expect(toUtcIsoString('2026-03-10T01:30:00+01:30', 'UTC')).toBe('2026-03-10T00:00:00.000Z');
	});

	test('reads a zone-less value in the workflow zone', () => {
		expect(toUtcIsoString('2026-03-10T00:00:00', 'Europe/Berlin')).toBe('2026-03-09T23:00:00.000Z');
	});

	test('handles daylight saving time', () => {
		expect(toUtcIsoString('2026-07-01T12:00:00', 'America/New_York')).toBe(
			'2026-07-01T16:00:00.000Z',
		);
	});

	test('accepts a date without time', () => {
		expect(toUtcIsoString('2026-03-10', 'UTC')).toBe('2026-03-10T00:00:00.000Z');
	});

	test('keeps milliseconds', () => {
		expect(toUtcIsoString('2026-03-10T00:00:00.123Z', 'UTC')).toBe('2026-03-10T00:00:00.123Z');
	});

	test.each(['yesterday', '2026-02-30', '2026-13-01T00:00:00Z', '2026-03-10T25:00:00Z', ''])(
		'rejects %p',
		(value) => {
			expect(toUtcIsoString(value, 'UTC')).toBeUndefined();
		},
	);
});
