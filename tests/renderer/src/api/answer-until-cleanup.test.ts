import { describe, expect, it, vi } from 'vitest';
import { answerUntilCleanup } from '../../../../renderer/src/api/answer-until-cleanup';

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('answerUntilCleanup', () => {
  it('hands on the answer that comes before the cleanup', async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    answerUntilCleanup(Promise.resolve(42), onValue, onError);
    await settled();
    expect(onValue).toHaveBeenCalledWith(42);
    expect(onError).not.toHaveBeenCalled();
  });

  it('hands on a failure that comes before the cleanup', async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    const failure = new Error('refused');
    answerUntilCleanup(Promise.reject(failure), onValue, onError);
    await settled();
    expect(onError).toHaveBeenCalledWith(failure);
    expect(onValue).not.toHaveBeenCalled();
  });

  it('drops an answer or a failure that comes after the cleanup', async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    answerUntilCleanup(Promise.resolve(1), onValue, onError)();
    answerUntilCleanup(Promise.reject(new Error('late')), onValue, onError)();
    await settled();
    expect(onValue).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });
});
