/** The text written beside a refused file: French for the team, then English for operators. */
export function errorNote(fileName: string, error: unknown, at: Date): string {
  const { message, messageFr } = messagesOf(error);
  return [
    `Le fichier « ${fileName} » n’a pas été importé.`,
    `Erreur : ${messageFr}`,
    'Corrigez le fichier puis déposez-le de nouveau dans le dossier de réception.',
    '',
    `The file "${fileName}" was not imported.`,
    `Error: ${message}`,
    'Fix the file and drop it into the inbox folder again.',
    '',
    at.toISOString(),
    '',
  ].join('\n');
}

function messagesOf(error: unknown): { message: string; messageFr: string } {
  if (error instanceof Error) {
    const messageFr = (error as { messageFr?: unknown }).messageFr;
    return {
      message: error.message,
      messageFr: typeof messageFr === 'string' && messageFr !== '' ? messageFr : error.message,
    };
  }
  return { message: String(error), messageFr: String(error) };
}
