import tsParser from '@typescript-eslint/parser';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// eslint-plugin-n8n-nodes-base 2.x ships eslintrc-style configs only, so its rule sets are wired
// into this flat config by hand.
const nodesBasePlugin = { 'n8n-nodes-base': n8nNodesBase };

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'coverage/**',
			'artifacts/**',
			'.e2e/**',
			'**/*.js',
			'**/*.mjs',
		],
	},
	{
		files: ['**/*.ts'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { sourceType: 'module', ecmaVersion: 'latest' },
		},
	},
	{
		files: ['package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: nodesBasePlugin,
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		...communityConfigs.recommended,
		files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'],
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: nodesBasePlugin,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The one rule that contradicts n8n's community rules: it wants documentationUrl as a
			// camelCase slug, which its own description says applies only to n8n's main repository,
			// while @n8n/community-nodes/credential-documentation-url requires a URL. No string is
			// both, so the community rule wins.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: nodesBasePlugin,
		rules: n8nNodesBase.configs.nodes.rules,
	},
];
