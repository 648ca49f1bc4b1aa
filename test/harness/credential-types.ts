import { NodeHelpers, UserError } from 'n8n-workflow';
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Credential-type registry for one harness run, found by each type's `name`. */
export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[]) {
		for (const credentialType of credentialTypes) {
			this.types.set(credentialType.name, credentialType);
		}
	}

	recognizes(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const credentialType = this.types.get(name);
		if (credentialType === undefined) {
			const known = [...this.types.keys()].join(', ') || 'none';
			throw new UserError(
				`Credential type "${name}" is not registered in the test harness. Registered types: ${known}. Pass the credential class instance in options.credentialTypes.`,
			);
		}
		return credentialType;
	}

	/** Returns every type that `name` extends, directly or through its parents. */
	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	/**
	 * Returns the properties of a credential type merged with those of the types it extends, the
	 * type's own properties taking precedence, as n8n's server merges them.
	 */
	getProperties(name: string): INodeProperties[] {
		const credentialType = this.getByName(name);
		if (credentialType.extends === undefined) {
			return credentialType.properties;
		}

		const merged: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.getProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, credentialType.properties);
		return merged;
	}
}
