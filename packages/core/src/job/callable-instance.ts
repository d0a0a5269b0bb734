/**
 * A base class whose instances are functions: calling an instance runs its {@link CallableInstance.invoke}
 * method. Jobs use it so that `job(...args)` is `job.executeSync(...args)`, as Perceval's `Job.__call__`.
 *
 * How: the constructor returns an arrow function whose prototype is set to the prototype of the class being
 * constructed (`new.target`), so methods, accessors, `instanceof` and the fields of subclasses (which are
 * installed on whatever `super()` returns) all apply to the function. The arrow's own `name` property is
 * deleted so that a `name` accessor declared by a subclass is reached instead of the read-only function name
 * (assigning `job.name` would otherwise throw in strict mode). The own `length` (0, rest parameters) stays.
 * An arrow function has no `prototype` property and cannot be called with `new`, so nothing else leaks.
 * The instance does not inherit `Function.prototype` (no `call`/`apply`/`bind`), but `typeof` is `'function'`.
 */
export abstract class CallableInstance<A extends unknown[], R> {
  constructor() {
    const instance = (...args: A): R => (instance as unknown as CallableInstance<A, R>).invoke(...args);
    Reflect.deleteProperty(instance, 'name');
    Object.setPrototypeOf(instance, new.target.prototype);
    // biome-ignore lint/correctness/noConstructorReturn: returning the function is what makes instances callable
    return instance as unknown as CallableInstance<A, R>;
  }

  /** What calling the instance does. */
  protected abstract invoke(...args: A): R;
}
