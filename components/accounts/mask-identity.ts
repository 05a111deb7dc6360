/** Masks for personal details shown on screen until the user reveals them (shoulder-surfing). */
const dots = (length: number) => "•".repeat(Math.max(3, Math.min(length, 8)));

/** "Alberta Bobbeth Charleson" → "A••• B••• C•••" */
export const maskName = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${word.charAt(0)}${dots(word.length - 1)}`)
    .join(" ");

/** "accountholder0@example.com" → "a•••@example.com" */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  return at <= 0 ? dots(email.length) : `${email.charAt(0)}${dots(at - 1)}${email.slice(at)}`;
}

/** Keeps the last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `${dots(digits.length - 2)}${digits.slice(-2)}`;
}

/** Keeps the city part after the first comma, hides the street. */
export function maskAddress(address: string): string {
  const comma = address.indexOf(",");
  return comma < 0 ? dots(address.length) : `${dots(comma)}${address.slice(comma)}`;
}
