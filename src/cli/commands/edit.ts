import { cardRedrawer } from '../../pipeline/card-redrawer.js';
import { draftRecomposer } from '../../pipeline/recompose.js';
import { chooseFigures, parseFigureChoice } from '../../queue/choose-figures.js';
import { systemUserName } from '../../queue/context.js';
import { draftLine } from '../../queue/describe.js';
import { editAltText, editPostText } from '../../queue/edit.js';
import { withQueue } from '../../queue/open-queue.js';
import { refused } from '../../queue/refusals.js';
import { switchFormat } from '../../queue/switch-format.js';
import type { DraftRecord } from '../../queue/types.js';
import type { Command } from '../command.js';
import { expectedHash as fullHash, readTextFile, requireDraftIdArgument, stringOption } from './args.js';

export const command: Command = {
  name: 'edit',
  summary:
    "Edit a draft's post text, an image's alt text, the key figures on its card or its format; creates a new version that needs approval again.",
  usage:
    'crieur edit <draft-id> --post N (--text-file FILE | --text TEXT) [--by NAME] [--expect HASH]\n       crieur edit <draft-id> --alt POST:IMAGE (--text TEXT | --text-file FILE) [--by NAME] [--expect HASH]\n       crieur edit <draft-id> --figures 2,1,4 [--by NAME] [--expect HASH]   (numbers as crieur check lists them, most important first)\n       crieur edit <draft-id> --format digest|thread|full [--by NAME] [--expect HASH]   (thread on X and Bluesky, full on LinkedIn and Facebook)',
  options: {
    figures: { type: 'string' },
    format: { type: 'string' },
    post: { type: 'string' },
    alt: { type: 'string' },
    text: { type: 'string' },
    'text-file': { type: 'string' },
    by: { type: 'string' },
    expect: { type: 'string' },
  },
  maxPositionals: 1,
  async run(args, { io, loadConfig }) {
    const draftId = requireDraftIdArgument(args);
    const post = stringOption(args, 'post');
    const alt = stringOption(args, 'alt');
    const figures = stringOption(args, 'figures');
    const format = stringOption(args, 'format');
    if (format !== undefined) {
      if (
        figures !== undefined ||
        post !== undefined ||
        alt !== undefined ||
        args.values.text !== undefined ||
        args.values['text-file'] !== undefined
      ) {
        throw refused(
          '--format goes alone: switch the format, then edit the new version in another command',
          '--format s’emploie seul : changez le format, puis modifiez la nouvelle version dans une autre commande',
        );
      }
      const by = stringOption(args, 'by') ?? systemUserName(io.env);
      const expected = stringOption(args, 'expect');
      const loaded = loadConfig();
      const recomposer = draftRecomposer(loaded);
      try {
        const updated = await withQueue(loaded, (context) =>
          switchFormat(
            context,
            {
              draftId,
              format,
              by,
              ...(expected === undefined ? {} : { expectedHash: fullHash(context, draftId, expected) }),
            },
            recomposer,
          ),
        );
        io.stdout.write(`${draftLine(updated)}\n`);
        return 0;
      } finally {
        recomposer.dispose();
      }
    }
    if (figures !== undefined) {
      if (
        post !== undefined ||
        alt !== undefined ||
        args.values.text !== undefined ||
        args.values['text-file'] !== undefined
      ) {
        throw refused(
          '--figures goes alone: edit the figures, then the text in another command',
          '--figures s’emploie seul : modifiez les chiffres, puis le texte dans une autre commande',
        );
      }
      const choice = parseFigureChoice(figures);
      const by = stringOption(args, 'by') ?? systemUserName(io.env);
      const expected = stringOption(args, 'expect');
      const loaded = loadConfig();
      const redrawer = cardRedrawer(loaded);
      const recomposer = draftRecomposer(loaded);
      try {
        const updated = await withQueue(loaded, (context) =>
          chooseFigures(
            context,
            {
              draftId,
              choice,
              by,
              ...(expected === undefined ? {} : { expectedHash: fullHash(context, draftId, expected) }),
            },
            { style: redrawer.style, render: redrawer.render, recompose: recomposer.recompose },
          ),
        );
        io.stdout.write(`${draftLine(updated)}\n`);
        return 0;
      } finally {
        redrawer.dispose();
        recomposer.dispose();
      }
    }
    const text = stringOption(args, 'text');
    const textFile = stringOption(args, 'text-file');
    if ((post === undefined) === (alt === undefined)) {
      throw refused('give either --post N or --alt POST:IMAGE', 'indiquez soit --post N, soit --alt PUBLICATION:IMAGE');
    }
    if ((text === undefined) === (textFile === undefined)) {
      throw refused(
        'give either --text TEXT or --text-file FILE',
        'indiquez soit --text TEXTE, soit --text-file FICHIER',
      );
    }
    const value = text ?? readTextFile(io.cwd, textFile as string, '--text-file');
    const by = stringOption(args, 'by') ?? systemUserName(io.env);
    const expected = stringOption(args, 'expect');
    const updated = await withQueue(loadConfig(), (context): DraftRecord => {
      const expectedHash = fullHash(context, draftId, expected);
      if (post !== undefined) {
        return editPostText(context, {
          draftId,
          postIndex: oneBased(post, '--post') - 1,
          text: value,
          by,
          expectedHash,
        });
      }
      const [postPart, mediaPart, ...rest] = (alt as string).split(':');
      if (postPart === undefined || mediaPart === undefined || rest.length > 0) {
        throw refused(
          `--alt expects POST:IMAGE, like 1:1, got "${alt}"`,
          `--alt attend PUBLICATION:IMAGE, comme 1:1, reçu « ${alt} »`,
        );
      }
      return editAltText(context, {
        draftId,
        postIndex: oneBased(postPart, '--alt') - 1,
        mediaIndex: oneBased(mediaPart, '--alt') - 1,
        alt: value,
        by,
        expectedHash,
      });
    });
    io.stdout.write(`${draftLine(updated)}\n`);
    return 0;
  },
};

function oneBased(text: string, option: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) {
    throw refused(
      `${option} expects a number from 1, got "${text}"`,
      `${option} attend un nombre à partir de 1, reçu « ${text} »`,
    );
  }
  return value;
}
