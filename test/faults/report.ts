/** Figures of a campaign or benchmark run, each with its target and whether it was met. */

export interface Figure {
	/** The case, such as "Lead > Create, dropped after apply". */
	caseName: string;
	/** What was counted or measured, such as "duplicates". */
	name: string;
	value: string | number;
	/** The target in words, such as "0"; undefined for a figure without a target. */
	target?: string;
	/** Whether the target was met; undefined without a target, null when not measured. */
	met?: boolean | null;
}

export class Report {
	readonly figures: Figure[] = [];

	/** Records and prints a figure without a target. */
	info(caseName: string, name: string, value: string | number): void {
		this.add({ caseName, name, value });
	}

	/** Records and prints a figure with its target. */
	check(caseName: string, name: string, value: number, target: string, met: boolean): void {
		this.add({ caseName, name, value, target, met });
	}

	/** Records a figure that could not be measured, with the reason. */
	notMeasured(caseName: string, name: string, reason: string, target?: string): void {
		this.add({ caseName, name, value: `not measured: ${reason}`, target, met: null });
	}

	/** Figures whose target was missed. Figures not measured are not counted as missed. */
	missed(): Figure[] {
		return this.figures.filter((figure) => figure.met === false);
	}

	private add(figure: Figure): void {
		this.figures.push(figure);
		process.stdout.write(`${formatFigure(figure)}\n`);
	}
}

export function formatFigure(figure: Figure): string {
	let verdict = '';
	if (figure.met === true) verdict = `  [met, target ${figure.target}]`;
	if (figure.met === false) verdict = `  [MISSED, target ${figure.target}]`;
	if (figure.met === null && figure.target !== undefined) verdict = `  [target ${figure.target}]`;
	return `${figure.caseName} | ${figure.name}: ${figure.value}${verdict}`;
}
