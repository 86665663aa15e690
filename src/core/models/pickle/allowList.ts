/**
 * The only module-level names a pickle may refer to (GLOBAL, STACK_GLOBAL, INST), each with the role Model Lens
 * gives it. Nothing here is ever imported or called: a role says which plain-data value the reader builds when
 * the file "calls" the name (reduce.ts). Every other name — os.system, builtins.eval, getattr, __import__, any
 * scikit-learn class not listed — is refused before anything else happens.
 *
 * Roles:
 * - class: instances become PyObject (arguments + BUILD state), read later by attribute name;
 * - inert: allowed because real models carry them (random states, Cython loss objects), kept as an opaque
 *   PyObject and never read;
 * - the NumPy/builtins roles build arrays, dtypes, scalars, bytes, slices and sets from their arguments.
 */
export type GlobalRole =
  | 'class'
  | 'inert'
  | 'ndarray'
  | 'reconstruct'
  | 'frombuffer'
  | 'dtype'
  | 'scalar'
  | 'encode'
  | 'slice'
  | 'set'
  | 'frozenset'
  | 'bytearray'
  | 'object'
  | 'reconstructor'
  | 'dict'
  | 'joblibArray';

const numpyCore = (role: GlobalRole, name: string): [string, GlobalRole][] => [
  [`numpy.core.multiarray.${name}`, role],
  [`numpy._core.multiarray.${name}`, role],
];

/** scikit-learn estimators and the objects their fitted state holds (scikit-learn ≥ 0.22 module layout). */
const SKLEARN_CLASSES = [
  'sklearn.tree._classes.DecisionTreeClassifier',
  'sklearn.tree._classes.DecisionTreeRegressor',
  'sklearn.tree._classes.ExtraTreeClassifier',
  'sklearn.tree._classes.ExtraTreeRegressor',
  'sklearn.tree._tree.Tree',
  'sklearn.ensemble._forest.RandomForestClassifier',
  'sklearn.ensemble._forest.RandomForestRegressor',
  'sklearn.ensemble._forest.ExtraTreesClassifier',
  'sklearn.ensemble._forest.ExtraTreesRegressor',
  'sklearn.ensemble._gb.GradientBoostingClassifier',
  'sklearn.ensemble._gb.GradientBoostingRegressor',
  'sklearn.ensemble._gb_losses.BinomialDeviance',
  'sklearn.ensemble._gb_losses.MultinomialDeviance',
  'sklearn.ensemble._gb_losses.ExponentialLoss',
  'sklearn.ensemble._gb_losses.LeastSquaresError',
  'sklearn.ensemble._gb_losses.LeastAbsoluteError',
  'sklearn.ensemble._gb_losses.HuberLossFunction',
  'sklearn.ensemble._gb_losses.QuantileLossFunction',
  'sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier',
  'sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingRegressor',
  'sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor',
  'sklearn.ensemble._hist_gradient_boosting.binning._BinMapper',
  'sklearn.dummy.DummyClassifier',
  'sklearn.dummy.DummyRegressor',
  'sklearn.linear_model._logistic.LogisticRegression',
  'sklearn.linear_model._base.LinearRegression',
  'sklearn.linear_model._ridge.Ridge',
  'sklearn.linear_model._coordinate_descent.Lasso',
  'sklearn.linear_model._coordinate_descent.ElasticNet',
  'sklearn.pipeline.Pipeline',
  'sklearn.compose._column_transformer.ColumnTransformer',
  'sklearn.compose._column_transformer.make_column_selector',
  'sklearn.preprocessing._data.StandardScaler',
  'sklearn.preprocessing._data.MinMaxScaler',
  'sklearn.preprocessing._data.RobustScaler',
  'sklearn.preprocessing._encoders.OneHotEncoder',
  'sklearn.impute._base.SimpleImputer',
  // ColumnTransformer keeps its 'passthrough' columns as FunctionTransformer(func=None); a func would be a name
  // off this list and refused.
  'sklearn.preprocessing._function_transformer.FunctionTransformer',
];

/** NumPy scalar types that appear as parameter values (OneHotEncoder(dtype=np.float64)); kept as names, never called. */
const NUMPY_TYPES = ['float64', 'float32', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool_', 'object_', 'str_'];

/** Loss and link objects of scikit-learn's common loss module (HistGradientBoosting; GradientBoosting ≥ 1.3). */
const SKLEARN_LOSSES = [
  'HalfSquaredError', 'AbsoluteError', 'PinballLoss', 'HuberLoss', 'HalfPoissonLoss', 'HalfGammaLoss', 'HalfTweedieLoss',
  'HalfTweedieLossIdentity', 'HalfBinomialLoss', 'HalfMultinomialLoss', 'ExponentialLoss',
];
const SKLEARN_LINKS = ['IdentityLink', 'LogLink', 'LogitLink', 'HalfLogitLink', 'MultinomialLogit', 'Interval'];

const ENTRIES: [string, GlobalRole][] = [
  ...numpyCore('reconstruct', '_reconstruct'),
  ...numpyCore('scalar', 'scalar'),
  ['numpy.core.numeric._frombuffer', 'frombuffer'],
  ['numpy._core.numeric._frombuffer', 'frombuffer'],
  ['numpy.ndarray', 'ndarray'],
  ['numpy.dtype', 'dtype'],
  ['numpy.random._pickle.__randomstate_ctor', 'inert'],
  ['numpy.random._pickle.__bit_generator_ctor', 'inert'],
  ['numpy.random._pickle.__generator_ctor', 'inert'],
  ['numpy.random.__RandomState_ctor', 'inert'],
  ['numpy.random.mtrand.RandomState', 'inert'],
  ['numpy.random._mt19937.MT19937', 'inert'],
  ['_codecs.encode', 'encode'],
  ['builtins.slice', 'slice'],
  ['builtins.set', 'set'],
  ['builtins.frozenset', 'frozenset'],
  ['builtins.bytearray', 'bytearray'],
  ['builtins.object', 'object'],
  ['copyreg._reconstructor', 'reconstructor'],
  ['collections.OrderedDict', 'dict'],
  ['joblib.numpy_pickle.NumpyArrayWrapper', 'joblibArray'],
  ['sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper', 'joblibArray'],
  ...SKLEARN_CLASSES.map((n): [string, GlobalRole] => [n, 'class']),
  ...NUMPY_TYPES.map((n): [string, GlobalRole] => [`numpy.${n}`, 'inert']),
  ...SKLEARN_LOSSES.map((n): [string, GlobalRole] => [`sklearn._loss.loss.${n}`, 'inert']),
  ...SKLEARN_LOSSES.map((n): [string, GlobalRole] => [`sklearn._loss._loss.__pyx_unpickle_Cy${n}`, 'inert']),
  ...SKLEARN_LOSSES.map((n): [string, GlobalRole] => [`sklearn._loss._loss.Cy${n}`, 'inert']),
  ...SKLEARN_LINKS.map((n): [string, GlobalRole] => [`sklearn._loss.link.${n}`, 'inert']),
];

const ALLOWED = new Map<string, GlobalRole>(ENTRIES);

/** Python 2 module names that Python 3's unpickler maps (fix_imports) to the names above. */
const PY2_MODULES = new Map<string, string>([['__builtin__', 'builtins'], ['copy_reg', 'copyreg']]);

/** The role of module.name, or undefined when the name is not on the list. */
export function roleOf(module: string, name: string): GlobalRole | undefined {
  return ALLOWED.get(`${PY2_MODULES.get(module) ?? module}.${name}`);
}

/** The module name as Python 3 reads it. */
export function canonicalModule(module: string): string {
  return PY2_MODULES.get(module) ?? module;
}

/** Every allowed name (for the README and tests). */
export function allowedNames(): string[] {
  return [...ALLOWED.keys()];
}
