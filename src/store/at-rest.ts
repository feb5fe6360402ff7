/**
 * Where the store binds each encrypted value (the AES-GCM associated data, security/crypto.ts):
 * the table, the column and the row's identity. A ciphertext copied into another row, column or
 * tenant then fails to decrypt instead of showing someone else's data. JSON arrays keep the parts
 * unambiguous whatever characters the ids contain.
 *
 * Encrypted with a key ring (docs/security.md): turns.text (searched through turns.search_text),
 * findings.text / message / suggestion, conversations.customer_id (matched through customer_token) and meta_json, and
 * webhooks.secret.
 */
export const aad = {
  turn: (tenantId: string, conversationId: string, seq: number) => JSON.stringify(['turns.text', tenantId, conversationId, seq]),
  /** a finding's excerpt, and its message and suggestion, which may quote the text (a disclosed phone number) */
  finding: (tenantId: string, findingId: string, column: 'text' | 'message' | 'suggestion') => JSON.stringify([`findings.${column}`, tenantId, findingId]),
  customerId: (tenantId: string, conversationId: string) => JSON.stringify(['conversations.customer_id', tenantId, conversationId]),
  meta: (tenantId: string, conversationId: string) => JSON.stringify(['conversations.meta_json', tenantId, conversationId]),
  webhookSecret: (tenantId: string, webhookId: string) => JSON.stringify(['webhooks.secret', tenantId, webhookId]),
};
