import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { AppModel, AppState } from './model.ts';

export const ModelContext = createContext<AppModel | null>(null);

export function useModel(): AppModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel outside <ModelContext.Provider>');
  return model;
}

/** The current app state; the component re-renders on every change. */
export function useAppState(): AppState {
  const model = useModel();
  const [state, setState] = useState(model.state);
  useEffect(() => {
    setState(model.state);
    return model.subscribe(() => setState(model.state));
  }, [model]);
  return state;
}
