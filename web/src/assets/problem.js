// What to tell the user when a call to the API fails: its own sentence (docs/api.md, Errors), or that hbd was not reached.

/** The API's detail for a refusal (400, 404, 409), marked as a refusal for a 401; the network's error otherwise. */
export function problem(error) {
  if (error?.status === 401) return `Refused: ${error.message}`;
  if (error?.status) return error.message;
  return `hbd could not be reached: ${error?.message ?? error}`;
}
