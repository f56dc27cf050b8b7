import { configure } from '@testing-library/preact';
import { WAIT_MS } from './patience.ts';

configure({ asyncUtilTimeout: WAIT_MS });
