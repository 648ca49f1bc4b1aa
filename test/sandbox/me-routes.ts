import { describeKey } from './auth';
import type { Router } from './router';

/** Adds `GET /me`, which describes the calling key. */
export function registerMeRoutes(router: Router): void {
	router.add({
		method: 'GET',
		path: '/me',
		scope: 'me.read',
		handler: (request) => ({ status: 200, body: { data: describeKey(request.apiKey) } }),
	});
}
