const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so `text` is safe in HTML/SVG/XML text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

/**
 * Serialises `value` as JSON that is safe inside `<script type="application/json">`: every `<`,
 * `>`, `&`, U+2028 and U+2029 is written as a `\uXXXX` escape, so the text can contain neither
 * `</script>` nor `<!--`, and `JSON.parse` of the result gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
