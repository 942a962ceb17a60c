// Owns "ask core about what is being typed": the question is sent once typing pauses, and only the
// answer to the latest text counts (an older answer arriving late is dropped). Blank text asks nothing
// (by default text that is only white space; Tag asks about that too, to say why it is no tag).
import { useEffect, useRef, useState } from 'react';
import type { ContractError, Result } from '../../../shared/contract';

export interface DebouncedAnswer<T> {
  value: T | null;
  error: ContractError | null;
  /** True from the keystroke until the latest answer arrived. */
  checking: boolean;
}

export function useDebouncedAnswer<T>(
  text: string,
  ask: (text: string) => Promise<Result<T>>,
  delayMs: number,
  isBlank: (text: string) => boolean = (s) => s.trim() === '',
): DebouncedAnswer<T> {
  const [answer, setAnswer] = useState<DebouncedAnswer<T>>({ value: null, error: null, checking: false });
  const seq = useRef(0);
  // The question may be a new closure each render; the text alone decides when to ask again.
  const askRef = useRef(ask);
  askRef.current = ask;
  const blankRef = useRef(isBlank);
  blankRef.current = isBlank;
  useEffect(() => {
    const mine = ++seq.current;
    if (blankRef.current(text)) {
      setAnswer({ value: null, error: null, checking: false });
      return;
    }
    setAnswer((a) => ({ ...a, checking: true }));
    const timer = setTimeout(() => {
      void askRef.current(text).then((r) => {
        if (mine !== seq.current) return;
        setAnswer(r.ok ? { value: r.value, error: null, checking: false } : { value: null, error: r.error, checking: false });
      });
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
  return answer;
}
