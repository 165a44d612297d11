/** JSON Lines files are bundled as their text (esbuild `text` loader, jest text transform). */
declare module '*.jsonl' {
	const text: string;
	export default text;
}
